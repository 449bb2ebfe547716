package io.samsa.core.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads a properties file plus {@code key=value} overrides and checks every key against the
 * definition. Any unknown key or invalid value is fatal: a broker that silently ignores a typo
 * in, say, a retention setting would keep data for the wrong time.
 */
public final class ConfigLoader {
    private final BrokerConfigDefinition definition;

    public ConfigLoader(BrokerConfigDefinition definition) {
        this.definition = requireNonNull(definition, "definition is null");
    }

    public ConfigValues load(Optional<Path> file, List<String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, String> origin = new HashMap<>();
        file.ifPresent(path -> readFile(path).forEach((key, value) -> {
            raw.put(key, value);
            origin.put(key, path.toString());
        }));
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException("Invalid override '" + override + "': expected key=value");
            }
            String key = override.substring(0, equals).trim();
            raw.put(key, override.substring(equals + 1));
            origin.put(key, "--override");
        }
        return validate(raw, origin);
    }

    /** Validates already-read key/value pairs (the in-process test broker passes a map). */
    public ConfigValues load(Map<String, String> properties) {
        Map<String, String> origin = new HashMap<>();
        properties.keySet().forEach(key -> origin.put(key, "the given properties"));
        return validate(new LinkedHashMap<>(properties), origin);
    }

    private ConfigValues validate(Map<String, String> raw, Map<String, String> origin) {
        Map<String, Object> values = new HashMap<>();
        Map<String, Boolean> explicitlySet = new HashMap<>();
        Map<String, String> passThrough = new HashMap<>();
        for (Map.Entry<String, String> entry : raw.entrySet()) {
            String name = entry.getKey();
            if (definition.find(name).isEmpty() && definition.isPassThrough(name)) {
                passThrough.put(name, entry.getValue());
                continue;
            }
            ConfigKey key = definition.find(name).orElseThrow(() -> unknownKey(name, origin.get(name)));
            Object value = parse(key, entry.getValue());
            values.put(name, value);
            explicitlySet.put(name, true);
        }
        for (ConfigKey key : definition.keys().values()) {
            values.putIfAbsent(key.name(), key.defaultValue());
        }
        return new ConfigValues(values, explicitlySet, passThrough);
    }

    private static Object parse(ConfigKey key, String rawValue) {
        Object value;
        try {
            value = key.type().parse(rawValue);
        } catch (IllegalArgumentException e) {
            throw invalid(key, rawValue, e.getMessage());
        }
        if (!key.check().test(value)) {
            throw invalid(key, rawValue, key.checkDescription());
        }
        return value;
    }

    private ConfigException unknownKey(String name, String where) {
        String suggestion = NearMiss.closest(name, definition.keys().keySet())
                .map(near -> " Did you mean '" + near + "'?")
                .orElse("");
        return new ConfigException("Unknown configuration '" + name + "' (from " + where + ")." + suggestion);
    }

    private static ConfigException invalid(ConfigKey key, String rawValue, String reason) {
        return new ConfigException("Invalid value '" + rawValue.trim() + "' for configuration '" + key.name()
                + "': " + reason + ".");
    }

    private static Map<String, String> readFile(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("Configuration file " + path + " does not exist.");
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + path + ": " + e.getMessage());
        }
        Map<String, String> result = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(name -> result.put(name, properties.getProperty(name)));
        return result;
    }
}
