package io.samsa.core.plugin;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginState;
import org.pf4j.PluginStateEvent;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pf4j's plugin manager, set up for the broker: plugins come from the {@code plugin.path}
 * directories (zips unpacked privately, see {@link PluginDirectoryRepository}), each gets an
 * {@link IsolatingPluginClassLoader}, a plugin whose {@code plugin.requires} does not match the SPI
 * version is not used, and every plugin that cannot be used is recorded as a {@link PluginProblem}
 * instead of stopping the others. Always in deployment mode, whatever {@code pf4j.mode} says.
 */
final class SamsaPluginManager extends DefaultPluginManager {
    private static final Logger log = LoggerFactory.getLogger(SamsaPluginManager.class);
    private static final Pattern BARE_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    /** One parent for all plugins: it holds no classes of its own, it only filters. */
    private static final SharedClassLoader SHARED = new SharedClassLoader();

    // Initialized after pf4j's constructor has run initialize(), so only used from the methods below.
    private final List<PluginProblem> problems = new ArrayList<>();
    private boolean loading;

    SamsaPluginManager(List<Path> directories, String spiVersion) {
        super(List.copyOf(directories));
        setSystemVersion(spiVersion);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
        addPluginStateListener(this::stateChanged);
    }

    /** Loads, resolves and starts every plugin found; a plugin that fails is recorded and skipped. */
    void loadAndStart() {
        loading = true;
        try {
            loadPlugins();
        } catch (RuntimeException e) {
            problems.add(new PluginProblem("plugins", getPluginsRoot(), "cannot resolve the plugins' dependencies: "
                    + PluginProblem.describe(e)));
        } finally {
            loading = false;
        }
        startPlugins();
        for (PluginWrapper plugin : getPlugins()) {
            if (plugin.getPluginState() == PluginState.FAILED) {
                Throwable error = plugin.getFailedException();
                problems.add(new PluginProblem(label(plugin), sourceOf(plugin.getPluginPath()),
                        "failed to start: " + (error == null ? "no reason given" : PluginProblem.describe(error))));
            }
        }
    }

    /** Everything that could not be used, in the order it was found. */
    List<PluginProblem> problems() {
        List<PluginProblem> all = new ArrayList<>(repository().problems());
        all.addAll(problems);
        return Collections.unmodifiableList(all);
    }

    /** The zip, jar or directory the operator installed for a plugin. */
    Path sourceOf(Path pluginPath) {
        return repository().sourceOf(pluginPath);
    }

    String label(PluginWrapper plugin) {
        return getPluginLabel(plugin.getDescriptor());
    }

    /** Stops the started plugins (latest first), closes every plugin class loader and removes unpacked zips. */
    void shutdown() {
        List<PluginWrapper> started = new ArrayList<>(getStartedPlugins());
        Collections.reverse(started);
        for (PluginWrapper plugin : started) {
            try {
                stopPlugin(plugin.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                log.warn("Plugin {} failed to stop: {}", label(plugin), PluginProblem.describe(e));
            }
        }
        for (ClassLoader loader : getPluginClassLoaders().values()) {
            if (loader instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (IOException e) {
                    log.warn("Could not close {}: {}", loader, PluginProblem.describe(e));
                }
            }
        }
        getPluginClassLoaders().clear();
        repository().close();
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new PluginDirectoryRepository(getPluginsRoots());
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new PluginDescriptors();
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return new PluginInstances();
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new IsolatingPluginClassLoader(pluginManager, descriptor, SHARED);
                    }
                })
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new IsolatingPluginClassLoader(pluginManager, descriptor, SHARED);
                    }
                });
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        try {
            return super.loadPluginFromPath(pluginPath);
        } catch (RuntimeException | LinkageError e) {
            Path source = sourceOf(pluginPath);
            problems.add(new PluginProblem(source.getFileName().toString(), source, PluginProblem.describe(e)));
            return null;
        }
    }

    /**
     * The SPI version check. {@code plugin.requires} is a semantic version range such as
     * {@code ^1.0.0} or {@code >=1.2.0 & <2.0.0}; a bare version {@code 1.2.0} means {@code ^1.2.0}
     * (that version or a later one with the same major version, which adds without breaking).
     */
    @Override
    protected boolean isPluginValid(PluginWrapper plugin) {
        PluginDescriptor descriptor = plugin.getDescriptor();
        String requires = descriptor.getRequires() == null ? "" : descriptor.getRequires().trim();
        if (requires.isEmpty() || requires.equals("*")) {
            log.warn("Plugin {} does not say which SPI version it needs (plugin.requires); assuming {} will do",
                    label(plugin), getSystemVersion());
            return true;
        }
        String range = BARE_VERSION.matcher(requires).matches() ? "^" + requires : requires;
        String reason;
        try {
            if (getVersionManager().checkVersionConstraint(getSystemVersion(), range)) {
                return true;
            }
            reason = "requires SPI version " + requires + (range.equals(requires) ? "" : " (" + range + ")")
                    + " but this broker implements " + getSystemVersion() + "; the plugin is not used";
        } catch (RuntimeException e) {
            reason = "plugin.requires '" + requires + "' is not a semantic version range such as ^"
                    + getSystemVersion() + ": " + PluginProblem.describe(e);
        }
        problems.add(new PluginProblem(label(plugin), sourceOf(plugin.getPluginPath()), reason));
        return false;
    }

    private void stateChanged(PluginStateEvent event) {
        PluginWrapper plugin = event.getPlugin();
        if (loading && event.getPluginState() == PluginState.UNLOADED) {
            problems.add(new PluginProblem(label(plugin), sourceOf(plugin.getPluginPath()),
                    "its plugin dependencies are missing or of the wrong version: "
                            + plugin.getDescriptor().getDependencies().stream()
                                    .map(dependency -> dependency.getPluginId() + "@" + dependency.getPluginVersionSupport())
                                    .toList()));
        }
    }

    private PluginDirectoryRepository repository() {
        return (PluginDirectoryRepository) pluginRepository;
    }
}
