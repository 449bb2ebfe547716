package io.samsa.core.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The validated, typed value of every known key: what the file or an override said, else the
 * default. Subsystem config records are built from this; nothing else reads raw properties.
 */
public final class ConfigValues {
    private final Map<String, Object> values;
    private final Map<String, Boolean> explicitlySet;
    private final Map<String, String> passThrough;

    ConfigValues(Map<String, Object> values, Map<String, Boolean> explicitlySet) {
        this(values, explicitlySet, Map.of());
    }

    ConfigValues(Map<String, Object> values, Map<String, Boolean> explicitlySet, Map<String, String> passThrough) {
        this.values = values;
        this.explicitlySet = explicitlySet;
        this.passThrough = Collections.unmodifiableMap(new TreeMap<>(passThrough));
    }

    /** Keys handed on raw to plugins (see {@link BrokerConfigDefinition#isPassThrough}), by full name, sorted. */
    public Map<String, String> passThrough() {
        return passThrough;
    }

    public boolean isSet(String name) {
        return explicitlySet.getOrDefault(name, false);
    }

    public int getInt(String name) {
        return (Integer) required(name);
    }

    public short getShort(String name) {
        return (Short) required(name);
    }

    public long getLong(String name) {
        return (Long) required(name);
    }

    /** The value of a key without a default, or null when it is not set. */
    public Long getLongOrNull(String name) {
        return (Long) values.get(name);
    }

    public Integer getIntOrNull(String name) {
        return (Integer) values.get(name);
    }

    public boolean getBoolean(String name) {
        return (Boolean) required(name);
    }

    public Optional<String> getString(String name) {
        return Optional.ofNullable((String) values.get(name));
    }

    @SuppressWarnings("unchecked")
    public Optional<List<String>> getList(String name) {
        return Optional.ofNullable((List<String>) values.get(name));
    }

    /** The parsed value of a key (its default when not set), or null when it has neither. */
    Object value(String name) {
        return values.get(name);
    }

    private Object required(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("no value and no default for " + name);
        }
        return value;
    }
}
