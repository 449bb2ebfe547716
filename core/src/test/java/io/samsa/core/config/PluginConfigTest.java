package io.samsa.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginConfigTest {
    private final BrokerConfigDefinition definition = new BrokerConfigDefinition();
    private final ConfigLoader loader = new ConfigLoader(definition);

    private PluginConfig load(Map<String, String> properties) {
        return BrokerConfig.from(definition, loader.load(properties)).plugins();
    }

    @Test
    void defaults() {
        // When
        PluginConfig config = load(Map.of());
        // Then
        assertThat(config).isEqualTo(new PluginConfig(List.of(Path.of("./plugins")), "file", Map.of()));
        assertThat(config.storageSettings("file")).isEmpty();
    }

    @Test
    void everyKeyMapsToItsRecordField() {
        // Given
        Map<String, String> properties = Map.of(
                "plugin.path", "/opt/samsa/plugins, /usr/share/samsa/plugins",
                "storage.engine", "s3",
                "storage.s3.bucket", "logs",
                "storage.s3.endpoint", " http://localhost:9000",
                "storage.rocksdb.block.cache.size", "64m");
        // When
        PluginConfig config = load(properties);
        // Then
        assertThat(config).isEqualTo(new PluginConfig(
                List.of(Path.of("/opt/samsa/plugins"), Path.of("/usr/share/samsa/plugins")),
                "s3",
                Map.of("storage.s3.bucket", "logs", "storage.s3.endpoint", " http://localhost:9000",
                        "storage.rocksdb.block.cache.size", "64m")));
    }

    @Test
    void anEngineGetsItsOwnSettingsWithoutThePrefix() {
        // Given
        PluginConfig config = load(Map.of(
                "storage.engine", "s3",
                "storage.s3.bucket", "logs",
                "storage.s3.upload.part.size", "8m",
                "storage.s3x.bucket", "other",
                "storage.rocksdb.path", "/var/rocks"));
        // When
        Map<String, String> settings = config.storageSettings("s3");
        // Then
        assertThat(settings).containsExactly(Map.entry("bucket", "logs"), Map.entry("upload.part.size", "8m"));
        assertThat(config.storageSettings("rocksdb")).containsExactly(Map.entry("path", "/var/rocks"));
        assertThat(config.storageSettings("file")).isEmpty();
    }

    @Test
    void engineSettingsOfAnyEngineAreAcceptedRaw() {
        // When
        ConfigValues values = loader.load(Map.of("storage.my_engine-2.some.key", "  raw value "));
        // Then
        assertThat(values.passThrough()).containsExactly(Map.entry("storage.my_engine-2.some.key", "  raw value "));
    }

    @Test
    void aStorageKeyWithoutASettingIsUnknown() {
        assertThatThrownBy(() -> load(Map.of("storage.engin", "file")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown configuration 'storage.engin'")
                .hasMessageContaining("Did you mean 'storage.engine'?");
        assertThatThrownBy(() -> load(Map.of("storage.s3.", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown configuration 'storage.s3.'");
    }

    @Test
    void anEngineNameMustBeUsableInSettingNames() {
        assertThatThrownBy(() -> load(Map.of("storage.engine", "my.engine")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'my.engine'")
                .hasMessageContaining("'storage.engine'");
        assertThatThrownBy(() -> load(Map.of("storage.engine", " ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'storage.engine'");
    }

    @Test
    void pluginPathNamesAtLeastOneDirectory() {
        assertThatThrownBy(() -> load(Map.of("plugin.path", " , ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'plugin.path'");
    }
}
