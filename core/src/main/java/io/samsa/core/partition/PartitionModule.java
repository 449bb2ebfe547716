package io.samsa.core.partition;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** Topics: the registry, the metadata log it is rebuilt from, and the manager that changes both. */
public final class PartitionModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(TopicRegistry.class).in(Scopes.SINGLETON);
        bind(MetadataLog.class).in(Scopes.SINGLETON);
        bind(TopicManager.class).in(Scopes.SINGLETON);
        bind(ProducerIdManager.class).in(Scopes.SINGLETON);
    }
}
