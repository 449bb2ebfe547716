package io.samsa.core.config;

import static io.samsa.core.config.BrokerConfigDefinition.ENGINE_NAME;
import static io.samsa.core.config.BrokerConfigDefinition.PLUGIN_PATH;
import static io.samsa.core.config.BrokerConfigDefinition.STORAGE_ENGINE;
import static io.samsa.core.config.BrokerConfigDefinition.STORAGE_SETTINGS_PREFIX;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where plugins are installed and which storage engine the broker uses.
 *
 * @param pluginPath directories searched for plugins ({@code plugin.path})
 * @param storageEngine the name of the selected engine ({@code storage.engine})
 * @param storageProperties every {@code storage.<engine>.<setting>} key as written, for any engine
 */
public record PluginConfig(List<Path> pluginPath, String storageEngine, Map<String, String> storageProperties) {
    public PluginConfig {
        pluginPath = List.copyOf(pluginPath);
        requireNonNull(storageEngine, "storageEngine is null");
        storageProperties = Collections.unmodifiableMap(new TreeMap<>(storageProperties));
    }

    /** The settings of one engine with the {@code storage.<engine>.} prefix removed, as the engine's factory gets them. */
    public Map<String, String> storageSettings(String engine) {
        String prefix = settingsPrefix(engine);
        Map<String, String> settings = new TreeMap<>();
        storageProperties.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                settings.put(key.substring(prefix.length()), value);
            }
        });
        return Collections.unmodifiableMap(settings);
    }

    /** {@code storage.<engine>.}: the prefix of an engine's settings in the broker configuration. */
    public static String settingsPrefix(String engine) {
        return STORAGE_SETTINGS_PREFIX + engine + ".";
    }

    static PluginConfig from(ConfigValues values) {
        List<Path> directories = values.getList(PLUGIN_PATH).orElse(List.of()).stream().map(Path::of).toList();
        if (directories.isEmpty()) {
            throw new ConfigException("Invalid value '' for configuration '" + PLUGIN_PATH
                    + "': name at least one directory (the default is ./plugins).");
        }
        String engine = values.getString(STORAGE_ENGINE).orElse("");
        if (!ENGINE_NAME.matcher(engine).matches()) {
            throw new ConfigException("Invalid value '" + engine + "' for configuration '" + STORAGE_ENGINE
                    + "': an engine name is letters, digits, '-' and '_', e.g. file.");
        }
        return new PluginConfig(directories, engine, values.passThrough());
    }
}
