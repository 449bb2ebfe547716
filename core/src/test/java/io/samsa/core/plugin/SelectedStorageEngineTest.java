package io.samsa.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.api.storage.StorageContext;
import io.samsa.api.storage.StorageSpi;
import io.samsa.core.config.ConfigException;
import io.samsa.core.config.PluginConfig;
import io.samsa.core.config.ServerConfig;
import io.samsa.core.log.RecordBatchFormat;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectedStorageEngineTest {
    @TempDir
    Path pluginDirectory;

    @TempDir
    Path dataDirectory;

    private BrokerPlugins plugins;
    private SelectedStorageEngine storage;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
        if (plugins != null) {
            plugins.close();
        }
    }

    private SelectedStorageEngine start(String engine, Map<String, String> storageProperties) {
        PluginConfig config = new PluginConfig(List.of(pluginDirectory), engine, storageProperties);
        plugins = new BrokerPlugins(config);
        plugins.start();
        storage = new SelectedStorageEngine(config, new ServerConfig(1, Optional.empty(), List.of(dataDirectory)), plugins,
                java.time.Clock.systemUTC());
        storage.start();
        return storage;
    }

    @SuppressWarnings("unchecked")
    private static Function<String, Object> inside(Object pluginObject) {
        return (Function<String, Object>) pluginObject;
    }

    @Test
    void theSelectedEngineIsCreatedWithItsSettingsAndTheBrokersContextAndStarted() {
        // Given
        TestPlugin.storage("fixture-plugin", "fixture").acceptedSettings("path", "segment.bytes", "password")
                .zip(pluginDirectory);
        TestPlugin.storage("other-plugin", "other").zip(pluginDirectory);
        // When
        start("fixture", Map.of(
                "storage.fixture.path", "/var/samsa",
                "storage.fixture.segment.bytes", "1024",
                "storage.fixture.password", "secret",
                "storage.other.path", "/elsewhere"));
        // Then
        Function<String, Object> engine = inside(storage.engine());
        assertThat(engine.apply("config")).isEqualTo(Map.of("path", "/var/samsa", "segment.bytes", "1024", "password", "secret"));
        assertThat(engine.apply("started")).isEqualTo(true);
        assertThat(storage.registration().name()).isEqualTo("fixture");
        assertThat(storage.registration().plugin()).isEqualTo("fixture-plugin@1.0.0");

        StorageContext context = (StorageContext) engine.apply("context");
        assertThat(context).isSameAs(storage.context());
        assertThat(context.dataDirectories()).containsExactly(dataDirectory);
        assertThat(context.spiVersion()).isEqualTo(StorageSpi.VERSION);
        assertThat(context.batchFormat()).isInstanceOf(RecordBatchFormat.class);
        assertThat(context.clock().getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void theEngineDoesBlockingWorkOnTheBrokersPoolWithItsOwnContextClassLoader() {
        // Given
        TestPlugin.storage("fixture-plugin", "fixture").zip(pluginDirectory);
        // When
        start("fixture", Map.of());
        // Then
        Function<String, Object> engine = inside(storage.engine());
        assertThat((String) engine.apply("startThread")).startsWith("samsa-storage-fixture-");
        assertThat(engine.apply("startContextClassLoader")).isSameAs(storage.registration().classLoader());
    }

    @Test
    void aMissingEngineStopsStartUpNamingTheEngineTheDirectoryAndTheEnginesThatAreThere() {
        // Given
        Path zip = TestPlugin.storage("fixture-plugin", "fixture").zip(pluginDirectory);
        TestPlugin.corruptZip(pluginDirectory, "rocksdb.zip");
        // When / Then
        assertThatThrownBy(() -> start("rocksdb", Map.of()))
                .isInstanceOf(StorageEngineUnavailableException.class)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Storage engine 'rocksdb' (storage.engine) is not available")
                .hasMessageContaining(pluginDirectory.toAbsolutePath().toString())
                .hasMessageContaining("Available engines: fixture (fixture-plugin@1.0.0, " + zip + ")")
                .hasMessageContaining("Not loaded: rocksdb.zip");
    }

    @Test
    void aMissingEngineWithNoPluginsAtAllSaysSo() {
        assertThatThrownBy(() -> start("file", Map.of()))
                .isInstanceOf(StorageEngineUnavailableException.class)
                .hasMessageContaining("'file'")
                .hasMessageContaining("Available engines: none.");
    }

    @Test
    void aSettingTheEngineRejectsStopsStartUpNamingTheKey() {
        // Given
        TestPlugin.storage("fixture-plugin", "fixture").acceptedSettings("path").zip(pluginDirectory);
        // When / Then
        assertThatThrownBy(() -> start("fixture", Map.of("storage.fixture.path", "/x", "storage.fixture.bogus.key", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration 'storage.fixture.bogus.key' for storage engine 'fixture': "
                        + "unknown setting 'bogus.key'");
    }

    @Test
    void anEngineThatFailsToStartStopsStartUpNamingTheEngine() {
        // Given
        TestPlugin.storage("fixture-plugin", "fixture").acceptedSettings("fail-start").zip(pluginDirectory);
        // When / Then
        assertThatThrownBy(() -> start("fixture", Map.of("storage.fixture.fail-start", "/data/broken")))
                .isInstanceOf(StorageEngineStartException.class)
                .hasMessage("Storage engine 'fixture' (fixture-plugin@1.0.0) failed to start: "
                        + "IllegalStateException: cannot open /data/broken");
    }

    @Test
    void closeClosesTheEngineThenItsPool() {
        // Given
        TestPlugin.storage("fixture-plugin", "fixture").zip(pluginDirectory);
        start("fixture", Map.of());
        Function<String, Object> engine = inside(storage.engine());
        StorageContext context = storage.context();
        // When
        storage.close();
        // Then
        assertThat(engine.apply("closed")).isEqualTo(true);
        assertThatThrownBy(() -> context.blockingExecutor().execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(storage::engine).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startNeedsThePluginsStarted() {
        // Given
        PluginConfig config = new PluginConfig(List.of(pluginDirectory), "fixture", Map.of());
        SelectedStorageEngine selected = new SelectedStorageEngine(config,
                new ServerConfig(1, Optional.empty(), List.of(dataDirectory)), new BrokerPlugins(config), java.time.Clock.systemUTC());
        // When / Then
        assertThatThrownBy(selected::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BrokerPlugins.start()");
    }
}
