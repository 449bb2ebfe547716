package io.samsa.core.plugin;

import static java.util.Objects.requireNonNull;

import io.samsa.api.storage.StorageEngineFactory;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A storage engine the broker can use, and where it came from.
 *
 * @param name what {@code storage.engine} selects it by
 * @param plugin the providing plugin as {@code id@version}, or {@code classpath} for a factory on the
 *     broker's own class path (in-process brokers and tests)
 * @param source the installed zip, jar or directory; empty for the class path
 */
public record StorageEngineRegistration(String name, StorageEngineFactory factory, String plugin, Optional<Path> source) {
    public StorageEngineRegistration {
        requireNonNull(name, "name is null");
        requireNonNull(factory, "factory is null");
        requireNonNull(plugin, "plugin is null");
        requireNonNull(source, "source is null");
    }

    /** The plugin's class loader (or the broker's, for the class path). */
    public ClassLoader classLoader() {
        return factory.getClass().getClassLoader();
    }

    @Override
    public String toString() {
        return name + " (" + plugin + source.map(path -> ", " + path).orElse("") + ")";
    }
}
