package io.samsa.core.server;

import com.google.inject.Guice;
import com.google.inject.Stage;
import io.samsa.core.config.BrokerConfig;
import io.samsa.core.config.BrokerConfigDefinition;
import io.samsa.core.config.ConfigLoader;
import io.samsa.core.config.ConfigValues;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a broker from configuration; the entry point for Main and for in-process test brokers. */
public final class Brokers {
    private Brokers() {}

    /** Loads {@code file} (if given) plus {@code key=value} overrides; throws ConfigException naming a bad key. */
    public static BrokerConfig loadConfig(Optional<Path> file, List<String> overrides) {
        BrokerConfigDefinition definition = new BrokerConfigDefinition();
        ConfigValues values = new ConfigLoader(definition).load(file, overrides);
        return BrokerConfig.from(definition, values);
    }

    public static BrokerConfig config(Map<String, String> properties) {
        BrokerConfigDefinition definition = new BrokerConfigDefinition();
        return BrokerConfig.from(definition, new ConfigLoader(definition).load(properties));
    }

    /** A broker wired and ready to {@link BrokerServer#start()}. */
    public static BrokerServer create(BrokerConfig config) {
        return Guice.createInjector(Stage.PRODUCTION, new BrokerModule(config)).getInstance(BrokerServer.class);
    }

    /**
     * A broker whose wall clock is {@code clock} (for tests: record timestamps, retention and
     * offset expiry follow it; timeouts on the timer wheel still run in real time).
     */
    public static BrokerServer create(BrokerConfig config, Clock clock) {
        return Guice.createInjector(Stage.PRODUCTION, com.google.inject.util.Modules.override(new BrokerModule(config))
                .with(binder -> binder.bind(Clock.class).toInstance(clock))).getInstance(BrokerServer.class);
    }
}
