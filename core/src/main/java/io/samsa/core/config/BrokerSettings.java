package io.samsa.core.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every broker key Samsa knows, with its value as text and whether the operator set it: what
 * DescribeConfigs reports for the broker resource and for the broker synonyms of topic keys.
 * Settings handed on raw to plugins ({@code storage.<engine>.*}) are not listed: they may hold
 * secrets the broker cannot recognise.
 */
public final class BrokerSettings {
    private final Map<String, Setting> settings;

    private BrokerSettings(Map<String, Setting> settings) {
        this.settings = Collections.unmodifiableMap(settings);
    }

    static BrokerSettings from(BrokerConfigDefinition definition, ConfigValues values) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (ConfigKey key : definition.keys().values()) {
            settings.put(key.name(), new Setting(key, text(values.value(key.name())), values.isSet(key.name()),
                    text(key.defaultValue())));
        }
        return new BrokerSettings(settings);
    }

    /** In the definition's order. */
    public List<Setting> all() {
        return new ArrayList<>(settings.values());
    }

    public Optional<Setting> find(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    /** A value as Kafka writes it: lists comma-separated, everything else as its string form. */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /**
     * One broker key.
     *
     * @param value the effective value, or null when the key has neither a setting nor a default
     * @param explicitlySet whether the configuration file or an override named the key
     * @param defaultValue the key's default, or null when it has none
     */
    public record Setting(ConfigKey key, String value, boolean explicitlySet, String defaultValue) {
        public Setting {
            requireNonNull(key, "key is null");
        }

        public String name() {
            return key.name();
        }
    }
}
