package io.samsa.core.log;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import java.time.Clock;

/** The data directories and the open partition logs. */
public final class LogModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(LogDirectories.class).in(Scopes.SINGLETON);
        bind(LogManager.class).in(Scopes.SINGLETON);
        bind(LogRetention.class).in(Scopes.SINGLETON);
    }
}
