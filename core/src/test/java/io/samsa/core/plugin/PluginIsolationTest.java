package io.samsa.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.api.storage.StorageEngineFactory;
import io.samsa.api.storage.StorageSpi;
import io.samsa.core.config.PluginConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pf4j.ExtensionPoint;

/** What a plugin's code sees: the JDK, the SPI, pf4j and the slf4j API; nothing else of the broker. */
class PluginIsolationTest {
    @TempDir
    static Path pluginDirectory;

    private static BrokerPlugins plugins;
    private static StorageEngineRegistration registration;
    private static Function<String, Object> insidePlugin;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void loadPlugin() {
        TestPlugin.storage("isolated-plugin", "isolated")
                .lib(FixtureClasses.OWN_GUAVA, FixtureClasses.OWN_SPI_COPY)
                .zip(pluginDirectory);
        plugins = new BrokerPlugins(new PluginConfig(List.of(pluginDirectory), "isolated", Map.of()));
        plugins.start();
        registration = plugins.storageEngines().find("isolated").orElseThrow();
        insidePlugin = (Function<String, Object>) registration.factory();
    }

    @AfterAll
    static void closePlugins() {
        plugins.close();
    }

    @Test
    void theFixtureClassesExistOnlyInsideThePlugin() {
        assertThatThrownBy(() -> Class.forName(FixtureClasses.FACTORY)).isInstanceOf(ClassNotFoundException.class);
        assertThat(registration.factory().getClass().getClassLoader()).isSameAs(registration.classLoader());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "io.samsa.core.server.Main",
        "io.samsa.core.plugin.BrokerPlugins",
        "io.samsa.protocol.ErrorCode",
        "com.google.inject.Guice",
        "io.netty.channel.Channel",
        "io.micrometer.core.instrument.MeterRegistry",
        "ch.qos.logback.classic.Logger",
        "com.github.zafarkhaja.semver.Version"})
    void theBrokersOwnClassesAreInvisible(String className) throws ClassNotFoundException {
        // Given the class is there for the broker
        assertThat(Class.forName(className)).isNotNull();
        // When
        Object seen = insidePlugin.apply("class:" + className);
        // Then
        assertThat(seen).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theSharedPackagesAreTheBrokersClasses() {
        assertThat(insidePlugin.apply("class:" + StorageEngineFactory.class.getName())).isSameAs(StorageEngineFactory.class);
        assertThat(insidePlugin.apply("class:" + ExtensionPoint.class.getName())).isSameAs(ExtensionPoint.class);
        assertThat(insidePlugin.apply("class:org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
    }

    @Test
    void aCopyOfTheSpiBundledInThePluginIsIgnored() {
        assertThat(insidePlugin.apply("class:" + FixtureClasses.OWN_SPI_COPY)).isSameAs(StorageSpi.class);
    }

    @Test
    void aLibraryTheBrokerAlsoHasIsThePluginsOwnCopy() throws ClassNotFoundException {
        // When
        Object seen = insidePlugin.apply("class:" + FixtureClasses.OWN_GUAVA);
        // Then
        assertThat(seen).isInstanceOf(Class.class);
        Class<?> pluginCopy = (Class<?>) seen;
        assertThat(pluginCopy.getClassLoader()).isSameAs(registration.classLoader());
        assertThat(pluginCopy).isNotSameAs(Class.forName(FixtureClasses.OWN_GUAVA));
    }

    @Test
    void theJdkIsVisible() {
        assertThat(insidePlugin.apply("class:java.sql.Connection")).isSameAs(java.sql.Connection.class);
        assertThat(insidePlugin.apply("class:javax.xml.parsers.DocumentBuilderFactory"))
                .isSameAs(javax.xml.parsers.DocumentBuilderFactory.class);
    }

    @Test
    void onlyThePluginsOwnAndTheSharedResourcesAreVisible() {
        assertThat(getClass().getClassLoader().getResource("logback.xml")).isNotNull();
        assertThat(insidePlugin.apply("resource:logback.xml")).isNull();
        assertThat(insidePlugin.apply("resource:fixture/engine.properties")).isNotNull();
        assertThat(insidePlugin.apply("resource:io/samsa/api/storage/StorageEngineFactory.class"))
                .isEqualTo(StorageEngineFactory.class.getResource("StorageEngineFactory.class"));
    }
}
