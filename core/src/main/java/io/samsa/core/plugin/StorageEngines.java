package io.samsa.core.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.samsa.api.storage.StorageEngineFactory;
import io.samsa.core.config.BrokerConfigDefinition;
import io.samsa.core.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;

/**
 * The storage engines available, by {@link StorageEngineFactory#name()}: every factory of every
 * started plugin, plus any on the broker's own class path. Immutable.
 */
public final class StorageEngines {
    static final String CLASSPATH = "classpath";
    private static final String EXTENSIONS_INDEX = "META-INF/extensions.idx";

    private final Map<String, StorageEngineRegistration> byName;

    StorageEngines(Map<String, StorageEngineRegistration> byName) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    public Optional<StorageEngineRegistration> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Engine names, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }

    public Collection<StorageEngineRegistration> all() {
        return byName.values();
    }

    /** For messages: {@code file (samsa-storage-file@0.1.0, /opt/samsa/plugins/file.zip), ...} or {@code none}. */
    public String describe() {
        return byName.isEmpty() ? "none" : String.join(", ", byName.values().stream().map(Object::toString).toList());
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Finds the storage engine factories of the started plugins, and of the broker's class path
     * (factories listed in a {@code META-INF/extensions.idx} that {@code classpath} sees: in-process
     * brokers and tests that have a storage plugin as a plain dependency), recording factories that
     * cannot be loaded or created in {@code problems}.
     *
     * @throws ConfigException if two factories have the same name, naming both plugins
     */
    static StorageEngines discover(SamsaPluginManager manager, ClassLoader classpath, List<PluginProblem> problems) {
        Map<String, StorageEngineRegistration> byName = new TreeMap<>();
        new Discovery(CLASSPATH, Optional.empty(), classpath).collect(manager, classpathIndex(classpath, problems), byName,
                problems);
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        started.sort(Comparator.comparing(PluginWrapper::getPluginId));
        for (PluginWrapper plugin : started) {
            Discovery discovery = new Discovery(manager.label(plugin), Optional.of(manager.sourceOf(plugin.getPluginPath())),
                    plugin.getPluginClassLoader());
            discovery.collect(manager, manager.getExtensionClassNames(plugin.getPluginId()), byName, problems);
        }
        return new StorageEngines(byName);
    }

    /** The extension class names in every {@code META-INF/extensions.idx} the loader sees (pf4j's index format). */
    private static Set<String> classpathIndex(ClassLoader classpath, List<PluginProblem> problems) {
        Set<String> classNames = new TreeSet<>();
        try {
            Enumeration<URL> indexes = classpath.getResources(EXTENSIONS_INDEX);
            while (indexes.hasMoreElements()) {
                URL index = indexes.nextElement();
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(index.openStream(), UTF_8))) {
                    reader.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                            .forEach(classNames::add);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            problems.add(new PluginProblem(CLASSPATH, Path.of(EXTENSIONS_INDEX), "cannot read the extension index: "
                    + PluginProblem.describe(e)));
        }
        return classNames;
    }

    private record Discovery(String plugin, Optional<Path> source, ClassLoader loader) {
        void collect(PluginManager manager, Set<String> classNames, Map<String, StorageEngineRegistration> byName,
                List<PluginProblem> problems) {
            for (String className : new TreeSet<>(classNames)) {
                Class<?> type;
                try {
                    type = Class.forName(className, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    problem(problems, "cannot load extension " + className + ": " + PluginProblem.describe(e));
                    continue;
                }
                if (!StorageEngineFactory.class.isAssignableFrom(type)) {
                    continue;
                }
                StorageEngineFactory factory;
                String name;
                try {
                    factory = ContextClassLoader.call(loader,
                            () -> StorageEngineFactory.class.cast(manager.getExtensionFactory().create(type)));
                    name = ContextClassLoader.call(loader, factory::name);
                } catch (RuntimeException | LinkageError e) {
                    problem(problems, "storage engine factory " + className + " failed: " + PluginProblem.describe(e));
                    continue;
                }
                if (name == null || !BrokerConfigDefinition.ENGINE_NAME.matcher(name).matches()) {
                    problem(problems, "storage engine factory " + className + " has an invalid name '" + name
                            + "' (an engine name is letters, digits, '-' and '_')");
                    continue;
                }
                StorageEngineRegistration registration = new StorageEngineRegistration(name, factory, plugin, source);
                StorageEngineRegistration previous = byName.putIfAbsent(name, registration);
                if (previous != null) {
                    throw new ConfigException("Storage engine '" + name + "' is provided twice: by " + where(previous)
                            + " and by " + where(registration) + ". Remove one of them from plugin.path.");
                }
            }
        }

        private void problem(List<PluginProblem> problems, String reason) {
            problems.add(new PluginProblem(plugin, source.orElse(Path.of(EXTENSIONS_INDEX)), reason));
        }

        private static String where(StorageEngineRegistration registration) {
            return (registration.plugin().equals(CLASSPATH) ? "the broker's class path" : "plugin " + registration.plugin())
                    + registration.source().map(path -> " (" + path + ")").orElse("");
        }
    }
}
