package io.samsa.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.samsa.core.config.BrokerConfig;
import io.samsa.core.config.BrokerConfigDefinition;
import io.samsa.core.config.ConfigLoader;
import io.samsa.core.config.ConfigModule;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginModuleTest {
    @TempDir
    Path pluginDirectory;

    @TempDir
    Path dataDirectory;

    @Test
    void theModuleWiresThePluginsAndTheSelectedEngineFromTheConfiguration() {
        // Given
        TestPlugin.storage("fixture-plugin", "fixture").acceptedSettings("path").zip(pluginDirectory);
        BrokerConfigDefinition definition = new BrokerConfigDefinition();
        BrokerConfig config = BrokerConfig.from(definition, new ConfigLoader(definition).load(Map.of(
                "plugin.path", pluginDirectory.toString(),
                "storage.engine", "fixture",
                "storage.fixture.path", "/var/samsa",
                "log.dirs", dataDirectory.toString())));
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                binder().disableCircularProxies();
                binder().requireAtInjectOnConstructors();
                install(new ConfigModule(config));
                install(new PluginModule());
                bind(java.time.Clock.class).toInstance(java.time.Clock.systemUTC());
            }
        });
        BrokerPlugins plugins = injector.getInstance(BrokerPlugins.class);
        SelectedStorageEngine storage = injector.getInstance(SelectedStorageEngine.class);
        // When
        plugins.start();
        storage.start();
        // Then
        try {
            assertThat(injector.getInstance(BrokerPlugins.class)).isSameAs(plugins);
            assertThat(storage.registration().plugin()).isEqualTo("fixture-plugin@1.0.0");
            assertThat(storage.context().dataDirectories()).containsExactly(dataDirectory);
        } finally {
            storage.close();
            plugins.close();
        }
    }
}
