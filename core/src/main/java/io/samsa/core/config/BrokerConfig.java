package io.samsa.core.config;

import java.util.List;

/**
 * The whole validated configuration, as one record per subsystem.
 *
 * @param acceptedWithoutEffect keys the operator set that Samsa accepts but does not act on yet
 * @param settings every known key with its value as text, as DescribeConfigs reports the broker
 */
public record BrokerConfig(ServerConfig server, NetworkConfig network, LogConfig log, PluginConfig plugins,
        GroupConfig groups, TransactionConfig transactions,
        List<String> acceptedWithoutEffect, BrokerSettings settings) {
    public BrokerConfig {
        acceptedWithoutEffect = List.copyOf(acceptedWithoutEffect);
    }

    public static BrokerConfig from(BrokerConfigDefinition definition, ConfigValues values) {
        List<String> inert = definition.keys().values().stream()
                .filter(key -> !key.inEffect() && values.isSet(key.name()))
                .map(ConfigKey::name)
                .sorted()
                .toList();
        return new BrokerConfig(ServerConfig.from(values), NetworkConfig.from(values), LogConfig.from(values),
                PluginConfig.from(values), GroupConfig.from(values), TransactionConfig.from(values), inert, BrokerSettings.from(definition, values));
    }
}
