package io.samsa.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.StorageSpi;
import io.samsa.core.config.ConfigException;
import io.samsa.core.config.PluginConfig;
import io.samsa.core.log.RecordBatchFormat;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

class BrokerPluginsTest {
    @TempDir
    Path pluginDirectory;

    private BrokerPlugins plugins;

    @AfterEach
    void close() {
        if (plugins != null) {
            plugins.close();
        }
    }

    private BrokerPlugins start(Path... directories) {
        List<Path> path = directories.length == 0 ? List.of(pluginDirectory) : List.of(directories);
        plugins = new BrokerPlugins(new PluginConfig(path, "fixture", Map.of()));
        plugins.start();
        return plugins;
    }

    @Test
    void aPluginZipIsFoundAndItsFactoryCreatesAnEngine() {
        // Given
        Path zip = TestPlugin.storage("fixture-plugin", "fixture").zip(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.problems()).isEmpty();
        assertThat(plugins.startedPlugins()).containsExactly("fixture-plugin@1.0.0");
        StorageEngineRegistration registration = plugins.storageEngines().find("fixture").orElseThrow();
        assertThat(registration.plugin()).isEqualTo("fixture-plugin@1.0.0");
        assertThat(registration.source()).contains(zip);
        assertThat(registration.classLoader()).isInstanceOf(PluginClassLoader.class);
        StorageEngine engine = registration.factory().create(Map.of(), new BrokerStorageContext(Clock.systemUTC(),
                List.of(), Runnable::run, new RecordBatchFormat(), StorageSpi.VERSION));
        assertThat(engine.getClass().getClassLoader()).isSameAs(registration.classLoader());
        assertThat(engine.getClass().getName()).isEqualTo("fixture.storage.FixtureEngine");
    }

    @Test
    void anUnpackedPluginDirectoryIsFoundToo() {
        // Given
        Path directory = TestPlugin.storage("unpacked-plugin", "unpacked").unpacked(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.problems()).isEmpty();
        assertThat(plugins.storageEngines().find("unpacked").orElseThrow().source()).contains(directory);
    }

    @Test
    void aPluginJarIsFoundToo() {
        // Given
        Path jar = TestPlugin.storage("jar-plugin", "in-a-jar").jar(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.problems()).isEmpty();
        StorageEngineRegistration registration = plugins.storageEngines().find("in-a-jar").orElseThrow();
        assertThat(registration.source()).contains(jar);
        assertThat(registration.classLoader()).isInstanceOf(PluginClassLoader.class);
    }

    @Test
    void zipsAreUnpackedOutsideThePluginDirectoryAndRemovedOnClose() throws IOException {
        // Given
        Path zip = TestPlugin.storage("fixture-plugin", "fixture").zip(pluginDirectory);
        start();
        URLClassLoader loader = (URLClassLoader) plugins.storageEngines().find("fixture").orElseThrow().classLoader();
        List<Path> unpacked = Arrays.stream(loader.getURLs()).map(BrokerPluginsTest::toPath).toList();
        assertThat(unpacked).isNotEmpty().allSatisfy(path -> {
            assertThat(path).exists();
            assertThat(path.startsWith(pluginDirectory)).isFalse();
        });
        // When
        plugins.close();
        // Then
        try (Stream<Path> listing = Files.list(pluginDirectory)) {
            assertThat(listing).containsExactly(zip);
        }
        assertThat(unpacked).allSatisfy(path -> assertThat(path).doesNotExist());
        assertThat(((PluginClassLoader) loader).isClosed()).isTrue();
    }

    @Test
    void twoPluginsWithTheSameEngineNameStopStartUpNamingBoth() {
        // Given
        TestPlugin.storage("first-plugin", "fixture").zip(pluginDirectory);
        TestPlugin.storage("second-plugin", "fixture").version("2.1.0").zip(pluginDirectory);
        // When / Then
        assertThatThrownBy(this::start)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Storage engine 'fixture' is provided twice")
                .hasMessageContaining("first-plugin@1.0.0")
                .hasMessageContaining("second-plugin@2.1.0")
                .hasMessageContaining("plugin.path");
        assertThat(plugins.isStarted()).isFalse();
    }

    @Test
    void aPluginRequiringANewerSpiIsReportedAndNotUsed() {
        // Given
        TestPlugin.storage("current-plugin", "current").requires("^1.0.0").zip(pluginDirectory);
        Path future = TestPlugin.storage("future-plugin", "future").requires(">=2.0.0").zip(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.storageEngines().names()).containsExactly("current");
        assertThat(plugins.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.plugin()).isEqualTo("future-plugin@1.0.0");
            assertThat(problem.source()).isEqualTo(future);
            assertThat(problem.reason()).contains("requires SPI version >=2.0.0", "this broker implements " + StorageSpi.VERSION);
        });
    }

    @Test
    void aBareRequiredVersionMeansThatVersionOrALaterOneOfTheSameMajor() {
        // Given
        TestPlugin.storage("same-major", "same").requires("1.0.0").zip(pluginDirectory);
        TestPlugin.storage("next-major", "next").requires("2.0.0").zip(pluginDirectory);
        TestPlugin.storage("no-requirement", "any").requires(null).zip(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.storageEngines().names()).containsExactly("any", "same");
        assertThat(plugins.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.plugin()).isEqualTo("next-major@1.0.0");
            assertThat(problem.reason()).contains("requires SPI version 2.0.0 (^2.0.0)");
        });
    }

    @Test
    void aRequirementThatIsNotAVersionRangeIsReported() {
        // Given
        TestPlugin.storage("odd-plugin", "odd").requires("one point oh!").zip(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.storageEngines().names()).isEmpty();
        assertThat(plugins.problems()).singleElement().satisfies(problem -> assertThat(problem.reason())
                .contains("plugin.requires 'one point oh!' is not a semantic version range"));
    }

    @Test
    void aCorruptZipIsReportedAndSkipped() {
        // Given
        Path broken = TestPlugin.corruptZip(pluginDirectory, "broken.zip");
        TestPlugin.storage("fixture-plugin", "fixture").zip(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.storageEngines().names()).containsExactly("fixture");
        assertThat(plugins.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.plugin()).isEqualTo("broken.zip");
            assertThat(problem.source()).isEqualTo(broken);
            assertThat(problem.reason()).startsWith("not a readable zip: ZipException");
        });
    }

    @Test
    void aZipWithoutDescriptorIsReportedAndSkipped() {
        // Given
        Path nameless = TestPlugin.storage("nameless", "nameless").withoutDescriptor().zip(pluginDirectory);
        TestPlugin.storage("fixture-plugin", "fixture").zip(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.storageEngines().names()).containsExactly("fixture");
        assertThat(plugins.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.plugin()).isEqualTo("nameless.zip");
            assertThat(problem.source()).isEqualTo(nameless);
            assertThat(problem.reason()).contains("no plugin descriptor: expected plugin.properties");
        });
    }

    @Test
    void aPluginThatFailsToStartIsReportedByNameAndReason() {
        // Given
        TestPlugin.storage("failing-plugin", "failing").pluginClass(FixtureClasses.FAILING_PLUGIN).zip(pluginDirectory);
        TestPlugin.storage("fixture-plugin", "fixture").zip(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.startedPlugins()).containsExactly("fixture-plugin@1.0.0");
        assertThat(plugins.storageEngines().names()).containsExactly("fixture");
        assertThat(plugins.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.plugin()).isEqualTo("failing-plugin@1.0.0");
            assertThat(problem.reason()).isEqualTo("failed to start: IllegalStateException: boom: the plugin cannot start");
        });
    }

    @Test
    void aPluginClassThatDoesNotExistIsReported() {
        // Given
        TestPlugin.storage("missing-class", "missing").pluginClass("fixture.NoSuchPlugin").zip(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.problems()).singleElement().satisfies(problem -> assertThat(problem.reason())
                .contains("failed to start", "cannot load plugin class fixture.NoSuchPlugin", "ClassNotFoundException"));
    }

    @Test
    void aPluginWhoseDependencyIsMissingIsReported() {
        // Given
        TestPlugin.storage("dependent", "dependent").dependencies("absent-plugin@>=1.0.0").zip(pluginDirectory);
        TestPlugin.storage("fixture-plugin", "fixture").zip(pluginDirectory);
        // When
        start();
        // Then
        assertThat(plugins.storageEngines().names()).containsExactly("fixture");
        assertThat(plugins.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.plugin()).isEqualTo("dependent@1.0.0");
            assertThat(problem.reason()).contains("dependencies are missing", "absent-plugin@>=1.0.0");
        });
    }

    @Test
    void aMissingPluginDirectoryLeavesNoEnginesButIsNoError() {
        // When
        start(pluginDirectory.resolve("not-there"));
        // Then
        assertThat(plugins.storageEngines().names()).isEmpty();
        assertThat(plugins.problems()).isEmpty();
        assertThat(plugins.storageEngines().describe()).isEqualTo("none");
    }

    @Test
    void pluginsComeFromEveryDirectoryOfThePluginPath(@TempDir Path second) {
        // Given
        TestPlugin.storage("one", "one").zip(pluginDirectory);
        TestPlugin.storage("two", "two").zip(second);
        // When
        start(pluginDirectory, second);
        // Then
        assertThat(plugins.storageEngines().names()).containsExactly("one", "two");
        assertThat(plugins.directories()).containsExactly(pluginDirectory.toAbsolutePath(), second.toAbsolutePath());
    }

    @Test
    void factoriesOnTheBrokersOwnClassPathAreFoundToo(@TempDir Path classpathResources) throws IOException {
        // Given a storage plugin on the class path, as a plain dependency of an in-process broker
        try (URLClassLoader classpath = classpathWithFixtureEngine(classpathResources, "on-classpath")) {
            plugins = new BrokerPlugins(new PluginConfig(List.of(pluginDirectory), "on-classpath", Map.of()), classpath);
            // When
            plugins.start();
            // Then
            StorageEngineRegistration registration = plugins.storageEngines().find("on-classpath").orElseThrow();
            assertThat(registration.plugin()).isEqualTo("classpath");
            assertThat(registration.source()).isEmpty();
            assertThat(registration.classLoader()).isSameAs(classpath);
            assertThat(plugins.problems()).isEmpty();
        }
    }

    @Test
    void anEngineOnTheClassPathAndInAPluginWithTheSameNameStopsStartUp(@TempDir Path classpathResources)
            throws IOException {
        // Given
        TestPlugin.storage("fixture-plugin", "fixture").zip(pluginDirectory);
        try (URLClassLoader classpath = classpathWithFixtureEngine(classpathResources, "fixture")) {
            plugins = new BrokerPlugins(new PluginConfig(List.of(pluginDirectory), "fixture", Map.of()), classpath);
            // When / Then
            assertThatThrownBy(plugins::start)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("by the broker's class path and by plugin fixture-plugin@1.0.0");
        }
    }

    private static URLClassLoader classpathWithFixtureEngine(Path resources, String engineName) throws IOException {
        Files.createDirectories(resources.resolve("META-INF"));
        Files.writeString(resources.resolve("META-INF/extensions.idx"), "# pf4j's index\n" + FixtureClasses.FACTORY + "\n");
        Files.createDirectories(resources.resolve("fixture"));
        Files.writeString(resources.resolve("fixture/engine.properties"), "name=" + engineName + "\n");
        return new URLClassLoader(new URL[] {FixtureClasses.directory().toUri().toURL(), resources.toUri().toURL()},
                BrokerPluginsTest.class.getClassLoader());
    }

    private static Path toPath(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
