package io.samsa.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.core.config.BrokerSettings.Setting;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {
    private final BrokerConfigDefinition definition = new BrokerConfigDefinition();

    private BrokerSettings settings(Map<String, String> properties) {
        return BrokerConfig.from(definition, new ConfigLoader(definition).load(properties)).settings();
    }

    @Test
    void everyKeyIsListedWithItsValueDefaultAndWhetherItWasSet() {
        // Given
        BrokerSettings settings = settings(Map.of("message.max.bytes", "2000000", "log.dirs", "/a, /b",
                "storage.file.secret", "hidden"));
        // Then
        assertThat(settings.all()).extracting(Setting::name).containsExactlyElementsOf(definition.keys().keySet());
        Setting maxBytes = settings.find("message.max.bytes").orElseThrow();
        assertThat(maxBytes.value()).isEqualTo("2000000");
        assertThat(maxBytes.defaultValue()).isEqualTo("1048588");
        assertThat(maxBytes.explicitlySet()).isTrue();
        Setting dirs = settings.find("log.dirs").orElseThrow();
        assertThat(dirs.value()).isEqualTo("/a,/b");
        assertThat(dirs.defaultValue()).isNull();
        Setting hours = settings.find("log.retention.hours").orElseThrow();
        assertThat(hours.value()).isEqualTo("168");
        assertThat(hours.explicitlySet()).isFalse();
        Setting rack = settings.find("broker.rack").orElseThrow();
        assertThat(rack.value()).isNull();
        // Settings passed on raw to plugins are never listed: they may be secrets
        assertThat(settings.find("storage.file.secret")).isEmpty();
    }
}
