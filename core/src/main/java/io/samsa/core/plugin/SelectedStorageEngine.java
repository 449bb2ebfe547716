package io.samsa.core.plugin;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.api.storage.BatchFormat;
import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.StorageEngineFactory;
import io.samsa.api.storage.StorageSpi;
import io.samsa.core.config.BrokerConfigDefinition;
import io.samsa.core.config.ConfigException;
import io.samsa.core.config.PluginConfig;
import io.samsa.core.config.ServerConfig;
import io.samsa.core.log.RecordBatchFormat;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine chosen by {@code storage.engine}: created from its plugin's factory with the
 * {@code storage.<engine>.*} settings (prefix removed) and a {@link BrokerStorageContext}, started,
 * and closed at shutdown together with the thread pool it was given for blocking work.
 *
 * <p>{@link #start()} needs the plugins started ({@link BrokerPlugins#start()}) and the data
 * directories prepared; it fails with a message naming the engine when the engine is not installed
 * ({@link StorageEngineUnavailableException}, listing the engines that are), rejects a setting
 * ({@link ConfigException} naming the key), or cannot start ({@link StorageEngineStartException}).
 */
public final class SelectedStorageEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SelectedStorageEngine.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private final PluginConfig config;
    private final ServerConfig server;
    private final BrokerPlugins plugins;
    private final BatchFormat batchFormat;
    private final Clock clock;
    private final int blockingThreads;

    private volatile StorageEngineRegistration registration;
    private volatile StorageEngine engine;
    private volatile BrokerStorageContext context;
    private ThreadPoolExecutor blockingPool;
    private State state = State.NEW;

    private enum State { NEW, STARTED, CLOSED }

    @Inject
    public SelectedStorageEngine(PluginConfig config, ServerConfig server, BrokerPlugins plugins, Clock clock) {
        this(config, server, plugins, new RecordBatchFormat(), clock,
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    SelectedStorageEngine(PluginConfig config, ServerConfig server, BrokerPlugins plugins, BatchFormat batchFormat,
            Clock clock, int blockingThreads) {
        this.config = requireNonNull(config, "config is null");
        this.server = requireNonNull(server, "server is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.batchFormat = requireNonNull(batchFormat, "batchFormat is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (blockingThreads < 1) {
            throw new IllegalArgumentException("blockingThreads must be positive, got " + blockingThreads);
        }
        this.blockingThreads = blockingThreads;
    }

    /** Creates and starts the selected engine; blocks until the engine has started (recovery included). */
    public synchronized void start() {
        if (state == State.STARTED) {
            return;
        }
        if (state == State.CLOSED) {
            throw new IllegalStateException("storage engine already closed");
        }
        if (!plugins.isStarted()) {
            throw new IllegalStateException("plugins not started: call BrokerPlugins.start() first");
        }
        String name = config.storageEngine();
        StorageEngineRegistration selected = plugins.storageEngines().find(name)
                .orElseThrow(() -> unavailable(name));
        StorageEngineFactory factory = selected.factory();
        ClassLoader loader = selected.classLoader();
        Map<String, String> settings = config.storageSettings(name);
        warnAboutSettingsOfOtherEngines(name);
        log.info("Storage engine '{}' from {} with settings {}", name, selected.plugin(), shown(settings, factory, loader));

        ThreadPoolExecutor pool = newBlockingPool(name, loader);
        Executor executor = pool::execute; // plugins get execute() only, not shutdown()
        BrokerStorageContext created = new BrokerStorageContext(clock, server.logDirs(), executor, batchFormat,
                StorageSpi.VERSION);
        StorageEngine instance;
        try {
            instance = ContextClassLoader.call(loader, () -> factory.create(settings, created));
            if (instance == null) {
                throw new IllegalStateException("the factory returned no engine");
            }
        } catch (IllegalArgumentException e) {
            pool.shutdownNow();
            throw settingRejected(name, settings, e);
        } catch (RuntimeException | LinkageError e) {
            pool.shutdownNow();
            throw new StorageEngineStartException("Storage engine '" + name + "' (" + selected.plugin()
                    + ") could not be created: " + PluginProblem.describe(e), e);
        }
        try {
            awaitStart(name, selected, loader, instance);
        } catch (RuntimeException e) {
            closeQuietly(name, loader, instance);
            shutdown(pool);
            throw e;
        }
        this.registration = selected;
        this.engine = instance;
        this.context = created;
        this.blockingPool = pool;
        state = State.STARTED;
        log.info("Storage engine '{}' started (capabilities {})", name, capabilities(loader, instance));
    }

    /** The started engine. */
    public StorageEngine engine() {
        StorageEngine started = engine;
        if (started == null) {
            throw new IllegalStateException("storage engine not started");
        }
        return started;
    }

    /** Which engine, from which plugin. */
    public StorageEngineRegistration registration() {
        StorageEngineRegistration selected = registration;
        if (selected == null) {
            throw new IllegalStateException("storage engine not started");
        }
        return selected;
    }

    /** What the engine was given. */
    public BrokerStorageContext context() {
        BrokerStorageContext given = context;
        if (given == null) {
            throw new IllegalStateException("storage engine not started");
        }
        return given;
    }

    /** Closes the engine, then shuts down its blocking pool (waiting for queued work). Call before BrokerPlugins.close(). */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        State previous = state;
        state = State.CLOSED;
        if (previous != State.STARTED) {
            return;
        }
        StorageEngineRegistration selected = registration;
        closeQuietly(selected.name(), selected.classLoader(), engine);
        shutdown(blockingPool);
        engine = null;
        log.info("Storage engine '{}' closed", selected.name());
    }

    private void awaitStart(String name, StorageEngineRegistration selected, ClassLoader loader, StorageEngine instance) {
        try {
            CompletionStage<Void> started = ContextClassLoader.call(loader, instance::start);
            started.toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StorageEngineStartException("Storage engine '" + name + "' (" + selected.plugin()
                    + ") failed to start: " + PluginProblem.describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageEngineStartException("Interrupted while storage engine '" + name + "' was starting", e);
        } catch (RuntimeException | LinkageError e) {
            throw new StorageEngineStartException("Storage engine '" + name + "' (" + selected.plugin()
                    + ") failed to start: " + PluginProblem.describe(e), e);
        }
    }

    private StorageEngineUnavailableException unavailable(String name) {
        StringBuilder message = new StringBuilder()
                .append("Storage engine '").append(name).append("' (").append(BrokerConfigDefinition.STORAGE_ENGINE)
                .append(") is not available: no plugin in ").append(plugins.directories())
                .append(" (").append(BrokerConfigDefinition.PLUGIN_PATH).append(") provides it. Available engines: ")
                .append(plugins.storageEngines().describe()).append('.');
        List<PluginProblem> problems = plugins.problems();
        if (!problems.isEmpty()) {
            message.append(" Not loaded: ");
            message.append(String.join("; ", problems.stream().map(PluginProblem::toString).toList()));
            message.append('.');
        }
        return new StorageEngineUnavailableException(message.toString());
    }

    /**
     * The engine's IllegalArgumentException should name the setting; the operator wrote it with the
     * {@code storage.<engine>.} prefix, so the message names the full key where it can tell which.
     */
    private static ConfigException settingRejected(String name, Map<String, String> settings, IllegalArgumentException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String prefix = PluginConfig.settingsPrefix(name);
        return settings.keySet().stream()
                .filter(reason::contains)
                .max(Comparator.comparingInt(String::length))
                .map(setting -> new ConfigException("Invalid configuration '" + prefix + setting + "' for storage engine '"
                        + name + "': " + reason))
                .orElseGet(() -> new ConfigException("Storage engine '" + name + "' rejected its settings ("
                        + prefix + "*): " + reason));
    }

    private void warnAboutSettingsOfOtherEngines(String name) {
        String prefix = PluginConfig.settingsPrefix(name);
        List<String> ignored = config.storageProperties().keySet().stream()
                .filter(key -> !key.startsWith(prefix))
                .toList();
        if (!ignored.isEmpty()) {
            log.warn("These settings are for storage engines other than '{}' (storage.engine) and are ignored: {}",
                    name, String.join(", ", ignored));
        }
    }

    /** Settings for the log, with the engine's sensitive ones hidden. */
    private static Map<String, String> shown(Map<String, String> settings, StorageEngineFactory factory, ClassLoader loader) {
        Set<String> sensitive;
        try {
            sensitive = ContextClassLoader.call(loader, factory::sensitivePropertyNames);
        } catch (RuntimeException | LinkageError e) {
            sensitive = settings.keySet(); // when in doubt, show none
        }
        Map<String, String> shown = new LinkedHashMap<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            shown.put(setting.getKey(), sensitive != null && sensitive.contains(setting.getKey()) ? "[hidden]" : setting.getValue());
        }
        return shown;
    }

    private static Object capabilities(ClassLoader loader, StorageEngine instance) {
        try {
            return ContextClassLoader.call(loader, instance::capabilities);
        } catch (RuntimeException | LinkageError e) {
            return "unknown: " + PluginProblem.describe(e);
        }
    }

    private ThreadPoolExecutor newBlockingPool(String name, ClassLoader loader) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "samsa-storage-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(blockingThreads, blockingThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static void closeQuietly(String name, ClassLoader loader, StorageEngine instance) {
        try {
            ContextClassLoader.run(loader, instance::close);
        } catch (RuntimeException | LinkageError e) {
            log.warn("Storage engine '{}' failed to close: {}", name, PluginProblem.describe(e), e);
        }
    }

    private static void shutdown(ThreadPoolExecutor pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Storage work still running after {} s; interrupting it", CLOSE_TIMEOUT_SECONDS);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
