package io.samsa.core.config;

import static java.util.Objects.requireNonNull;

import java.util.function.Predicate;

/**
 * One configuration key the broker knows, with Kafka's name, type and default.
 *
 * @param defaultValue the parsed default, or null when the key has no default
 * @param check accepted values; {@code checkDescription} says what they are, for error messages
 * @param inEffect false for keys Samsa accepts so an operator's Kafka file still loads, but that
 *     change nothing yet; start-up lists them so no one is misled
 */
public record ConfigKey(
        String name,
        ConfigType type,
        Object defaultValue,
        Predicate<Object> check,
        String checkDescription,
        boolean inEffect,
        String doc) {

    public ConfigKey {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(check, "check is null");
        requireNonNull(doc, "doc is null");
    }

    static Builder key(String name, ConfigType type) {
        return new Builder(name, type);
    }

    static final class Builder {
        private final String name;
        private final ConfigType type;
        private Object defaultValue;
        private Predicate<Object> check = value -> true;
        private String checkDescription = "";
        private boolean inEffect = true;

        private Builder(String name, ConfigType type) {
            this.name = name;
            this.type = type;
        }

        Builder defaultValue(String raw) {
            this.defaultValue = type.parse(raw);
            return this;
        }

        Builder atLeast(long minimum) {
            this.check = value -> ((Number) value).longValue() >= minimum;
            this.checkDescription = "must be at least " + minimum;
            return this;
        }

        Builder oneOf(String... choices) {
            var allowed = java.util.Set.of(choices);
            this.check = value -> value instanceof java.util.List<?> list
                    ? allowed.containsAll(list)
                    : allowed.contains(value);
            this.checkDescription = "valid choices: " + String.join(", ", choices);
            return this;
        }

        Builder notYetInEffect() {
            this.inEffect = false;
            return this;
        }

        ConfigKey doc(String doc) {
            return new ConfigKey(name, type, defaultValue, check, checkDescription, inEffect, doc);
        }
    }
}
