package io.samsa.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSettings;
import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.StorageEngineFactory;
import io.samsa.api.storage.StorageSpi;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.testkit.storage.LogSlices;
import io.samsa.testkit.storage.TestBatch;
import io.samsa.testkit.storage.TestStorageContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DefaultVersionManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/** The built plugin zip, as pf4j sees it: the layout, the descriptor, and loading it for real. */
@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginZipIT {
    private static final String FACTORY = FileStorageEngineFactory.class.getName();

    @TempDir
    Path tempDir;

    private static Path zip() {
        String location = System.getProperty("samsa.plugin.zip");
        assertThat(location).as("system property samsa.plugin.zip (set by failsafe)").isNotBlank();
        return Path.of(location);
    }

    @Test
    void theZipHasThePf4jLayout() throws IOException {
        try (ZipFile zip = new ZipFile(zip().toFile())) {
            // Given
            List<String> names = zip.stream().map(ZipEntry::getName).toList();

            // When
            Properties descriptor = descriptor(zip);
            String extensions = read(zip, "classes/META-INF/extensions.idx");

            // Then
            assertThat(names).contains("plugin.properties", "classes/META-INF/extensions.idx",
                    "classes/" + FACTORY.replace('.', '/') + ".class");
            assertThat(names).noneMatch(name -> name.startsWith("classes/io/samsa/api/"))
                    .noneMatch(name -> name.startsWith("classes/org/pf4j/"))
                    .noneMatch(name -> name.startsWith("lib/") && name.endsWith(".jar"))
                    .allMatch(name -> name.equals("plugin.properties") || name.startsWith("classes/") || name.startsWith("lib/"));
            assertThat(extensions.lines().filter(line -> !line.startsWith("#"))).containsExactly(FACTORY);
            assertThat(descriptor.getProperty("plugin.id")).isEqualTo("samsa-storage-file")
                    .isEqualTo(System.getProperty("samsa.plugin.id"));
            assertThat(descriptor.getProperty("plugin.version")).isEqualTo(System.getProperty("samsa.plugin.version"));
            assertThat(descriptor.getProperty("plugin.provider")).isNotBlank();
            assertThat(descriptor.getProperty("plugin.class")).isNull();
        }
    }

    @Test
    void thePluginRequiresThisMajorVersionOfTheStorageSpi() throws IOException {
        // Given
        String requires;
        try (ZipFile zip = new ZipFile(zip().toFile())) {
            requires = descriptor(zip).getProperty("plugin.requires");
        }
        DefaultVersionManager versions = new DefaultVersionManager();

        // When / Then
        assertThat(versions.checkVersionConstraint(StorageSpi.VERSION, requires)).isTrue();
        assertThat(versions.checkVersionConstraint("1.7.3", requires)).isTrue();
        assertThat(versions.checkVersionConstraint("2.0.0", requires)).isFalse();
        assertThat(versions.checkVersionConstraint("0.9.0", requires)).isFalse();
    }

    @Test
    void pf4jLoadsThePluginAndItsEngineWorksInThePluginsClassLoader() throws Exception {
        // Given
        Path plugins = Files.createDirectories(tempDir.resolve("plugins"));
        Files.copy(zip(), plugins.resolve(zip().getFileName()));
        PluginManager manager = new DefaultPluginManager(plugins);
        manager.setSystemVersion(StorageSpi.VERSION);

        try {
            // When
            manager.loadPlugins();
            manager.startPlugins();
            PluginWrapper plugin = manager.getPlugin("samsa-storage-file");
            List<StorageEngineFactory> factories = manager.getExtensions(StorageEngineFactory.class, "samsa-storage-file");

            // Then
            assertThat(plugin).isNotNull();
            assertThat(plugin.getPluginState()).isEqualTo(PluginState.STARTED);
            assertThat(factories).singleElement().satisfies(factory -> {
                assertThat(factory.name()).isEqualTo("file");
                assertThat(factory.getClass().getClassLoader()).isSameAs(plugin.getPluginClassLoader());
            });
            roundTrip(factories.getFirst());
        } finally {
            // One by one: pf4j 3.15's stopPlugins() modifies the list it iterates (pf4j/pf4j#656).
            if (manager.getPlugin("samsa-storage-file") != null) {
                manager.stopPlugin("samsa-storage-file");
                manager.unloadPlugin("samsa-storage-file");
            }
        }
    }

    private void roundTrip(StorageEngineFactory factory) {
        TopicPartitionId partition = new TopicPartitionId("loaded", UUID.randomUUID(), 0);
        TestBatch batch = TestBatch.of(0, 3, 1000, 64);
        try (TestStorageContext context = new TestStorageContext(List.of(tempDir.resolve("data")));
                StorageEngine engine = factory.create(Map.of(), context)) {
            engine.start().toCompletableFuture().join();
            PartitionLog log = engine.openLog(partition, LogSettings.defaults()).toCompletableFuture().join();
            log.append(batch.buffer(), 0, 2, 1000).toCompletableFuture().join();
            try (LogSlice slice = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).toCompletableFuture().join()) {
                assertThat(LogSlices.bytes(slice)).isEqualTo(batch.bytes());
            }
        }
    }

    private static Properties descriptor(ZipFile zip) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(read(zip, "plugin.properties")));
        return properties;
    }

    private static String read(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        assertThat(entry).as("zip entry %s", name).isNotNull();
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
