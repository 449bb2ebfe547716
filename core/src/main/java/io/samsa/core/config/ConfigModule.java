package io.samsa.core.config;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;

/** Binds the validated configuration and each subsystem's record of it. */
public final class ConfigModule extends AbstractModule {
    private final BrokerConfig config;

    public ConfigModule(BrokerConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(BrokerConfig.class).toInstance(config);
        bind(ServerConfig.class).toInstance(config.server());
        bind(NetworkConfig.class).toInstance(config.network());
        bind(LogConfig.class).toInstance(config.log());
        bind(PluginConfig.class).toInstance(config.plugins());
        bind(GroupConfig.class).toInstance(config.groups());
        bind(TransactionConfig.class).toInstance(config.transactions());
        bind(BrokerSettings.class).toInstance(config.settings());
    }
}
