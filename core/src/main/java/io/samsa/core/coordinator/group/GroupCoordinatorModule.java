package io.samsa.core.coordinator.group;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The group coordinator and the internal topic it keeps its state in. */
public final class GroupCoordinatorModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(OffsetsTopic.class).in(Scopes.SINGLETON);
        bind(GroupCoordinator.class).in(Scopes.SINGLETON);
    }
}
