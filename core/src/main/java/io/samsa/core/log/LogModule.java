package io.samsa.core.log;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The data directories (lock, cluster id); the log layer joins here. */
public final class LogModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(LogDirectories.class).in(Scopes.SINGLETON);
    }
}
