package io.samsa.core.server;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import io.samsa.core.cluster.LocalBroker;
import io.samsa.core.config.BrokerConfig;
import io.samsa.core.config.NetworkConfig;
import io.samsa.core.config.ServerConfig;
import io.samsa.core.dispatch.DispatchModule;
import io.samsa.core.handler.HandlerModule;
import io.samsa.core.log.LogDirectories;
import io.samsa.core.network.NetworkServer;

/** The whole broker: configuration records, then one module per subsystem. */
public final class BrokerModule extends AbstractModule {
    private final BrokerConfig config;

    public BrokerModule(BrokerConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        binder().requireAtInjectOnConstructors();

        bind(BrokerConfig.class).toInstance(config);
        bind(ServerConfig.class).toInstance(config.server());
        bind(NetworkConfig.class).toInstance(config.network());

        bind(LogDirectories.class).in(Scopes.SINGLETON);
        bind(LocalBroker.class).in(Scopes.SINGLETON);
        bind(NetworkServer.class).in(Scopes.SINGLETON);
        bind(BrokerServer.class).in(Scopes.SINGLETON);

        install(new DispatchModule());
        install(new HandlerModule());
    }
}
