package io.samsa.core.network;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import io.samsa.core.cluster.LocalBroker;

/** The listeners, and the local broker's endpoints they publish once bound. */
public final class NetworkModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(LocalBroker.class).in(Scopes.SINGLETON);
        bind(NetworkServer.class).in(Scopes.SINGLETON);
    }
}
