package io.samsa.core.plugin;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.api.storage.StorageSpi;
import io.samsa.core.config.PluginConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed plugins: loads and starts every plugin in {@code plugin.path} at start-up, each in
 * its own class loader, and stops them and releases their class loaders on close. A plugin that
 * cannot be used (unreadable zip, no descriptor, wrong SPI version, failing to start) is logged by
 * name and reason and left out; the broker goes on. Two storage engines with the same name stop
 * start-up, since which one the broker would use is a matter of chance.
 */
public final class BrokerPlugins implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerPlugins.class);

    private final PluginConfig config;
    private final ClassLoader classpath;
    private SamsaPluginManager manager;
    private volatile StorageEngines storageEngines;
    private volatile List<PluginProblem> problems = List.of();
    private volatile List<String> startedPlugins = List.of();
    private State state = State.NEW;

    private enum State { NEW, STARTED, CLOSED }

    @Inject
    public BrokerPlugins(PluginConfig config) {
        this(config, BrokerPlugins.class.getClassLoader());
    }

    /** {@code classpath}: where storage engine factories on the broker's own class path are looked for. */
    BrokerPlugins(PluginConfig config, ClassLoader classpath) {
        this.config = requireNonNull(config, "config is null");
        this.classpath = requireNonNull(classpath, "classpath is null");
    }

    /**
     * Loads and starts the plugins; does nothing if already started.
     *
     * @throws io.samsa.core.config.ConfigException if two plugins provide storage engines of the same name
     */
    public synchronized void start() {
        if (state == State.STARTED) {
            return;
        }
        if (state == State.CLOSED) {
            throw new IllegalStateException("plugins already closed");
        }
        List<Path> directories = directories();
        log.info("Loading plugins from {} (SPI version {})", directories, StorageSpi.VERSION);
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                log.warn("Plugin directory {} (plugin.path) does not exist or is not a directory", directory);
            }
        }
        SamsaPluginManager loaded = new SamsaPluginManager(directories, StorageSpi.VERSION);
        try {
            loaded.loadAndStart();
            List<PluginProblem> found = new ArrayList<>(loaded.problems());
            StorageEngines engines = StorageEngines.discover(loaded, classpath, found);
            this.manager = loaded;
            this.storageEngines = engines;
            this.problems = List.copyOf(found);
            this.startedPlugins = loaded.getStartedPlugins().stream().map(loaded::label).sorted().toList();
        } catch (RuntimeException | Error e) {
            loaded.shutdown();
            throw e;
        }
        for (PluginProblem problem : problems) {
            log.warn("Plugin {} ({}) is not used: {}", problem.plugin(), problem.source(), problem.reason());
        }
        log.info("Plugins started: {}; storage engines: {}", startedPlugins.isEmpty() ? "none" : startedPlugins,
                storageEngines.describe());
        state = State.STARTED;
    }

    public synchronized boolean isStarted() {
        return state == State.STARTED;
    }

    /** The storage engines the started plugins provide. */
    public StorageEngines storageEngines() {
        StorageEngines engines = storageEngines;
        if (engines == null) {
            throw new IllegalStateException("plugins not started");
        }
        return engines;
    }

    /** Plugins (and files in the plugin directories) that could not be used, with the reason. */
    public List<PluginProblem> problems() {
        return problems;
    }

    /** The started plugins as {@code id@version}, sorted. */
    public List<String> startedPlugins() {
        return startedPlugins;
    }

    /** The plugin directories, as absolute paths. */
    public List<Path> directories() {
        return config.pluginPath().stream().map(path -> path.toAbsolutePath().normalize()).toList();
    }

    /** Stops every plugin and closes their class loaders; call after the engines they provide are closed. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (manager != null) {
            manager.shutdown();
            manager = null;
        }
    }
}
