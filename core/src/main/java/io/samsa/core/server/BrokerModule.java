package io.samsa.core.server;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import io.samsa.core.config.BrokerConfig;
import io.samsa.core.config.ConfigModule;
import io.samsa.core.coordinator.group.GroupCoordinatorModule;
import io.samsa.core.coordinator.transaction.TransactionCoordinatorModule;
import io.samsa.core.dispatch.DispatchModule;
import io.samsa.core.handler.HandlerModule;
import io.samsa.core.log.LogModule;
import io.samsa.core.network.NetworkModule;
import io.samsa.core.partition.PartitionModule;
import io.samsa.core.plugin.PluginModule;
import io.samsa.core.purgatory.PurgatoryModule;

/** The whole broker: one module per subsystem. Modules only bind; BrokerServer starts things. */
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

        install(new ConfigModule(config));
        install(new PluginModule());
        install(new LogModule());
        install(new PartitionModule());
        install(new PurgatoryModule());
        install(new GroupCoordinatorModule());
        install(new TransactionCoordinatorModule());
        install(new NetworkModule());
        install(new DispatchModule());
        install(new HandlerModule());
        bind(BrokerServer.class).in(Scopes.SINGLETON);
    }
}
