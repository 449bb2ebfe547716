package io.samsa.storage.file;

import static java.util.Objects.requireNonNull;

import io.samsa.api.storage.LogSettings;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.StorageCapability;
import io.samsa.api.storage.StorageContext;
import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.StorageException;
import io.samsa.api.storage.TopicPartitionId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps each partition log as a directory of segment files in one of the broker's data
 * directories. Opening, creating and deleting partition directories happen one at a time;
 * the logs themselves work independently.
 */
final class FileStorageEngine implements StorageEngine {
    private static final System.Logger LOG = System.getLogger(FileStorageEngine.class.getName());
    private static final Set<StorageCapability> CAPABILITIES = Set.copyOf(EnumSet.allOf(StorageCapability.class));

    private enum State {
        NEW,
        STARTING,
        STARTED,
        CLOSED
    }

    private final StorageContext context;
    private final DataDirectories directories;
    private final PeriodicFlusher periodicFlusher;
    private final ConcurrentHashMap<TopicPartitionId, CompletableFuture<FileLog>> logs = new ConcurrentHashMap<>();
    /** One per data directory: the appends to its logs run one after another. */
    private final ConcurrentHashMap<Path, AppendExecutor> appendExecutors = new ConcurrentHashMap<>();
    /** One per data directory too: its rolled segments are forced one at a time, apart from its appends. */
    private final ConcurrentHashMap<Path, RolledSegmentFlusher.Forcing> rollForcing = new ConcurrentHashMap<>();
    private final RolledSegmentFlusher.Forcer forcer;
    private final ReentrantLock directoryLock = new ReentrantLock();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    FileStorageEngine(StorageContext context, Duration flushCheckInterval) {
        this(context, flushCheckInterval, RolledSegmentFlusher.FORCE);
    }

    /** As the other constructor, with what forces rolled segments (tests hold or slow it down). */
    FileStorageEngine(StorageContext context, Duration flushCheckInterval, RolledSegmentFlusher.Forcer forcer) {
        this.context = requireNonNull(context, "context is null");
        this.forcer = requireNonNull(forcer, "forcer is null");
        this.directories = new DataDirectories(context.dataDirectories());
        this.periodicFlusher = new PeriodicFlusher(context.clock(), flushCheckInterval, this::openLogs);
    }

    @Override
    public CompletionStage<Void> start() {
        if (!state.compareAndSet(State.NEW, State.STARTING)) {
            return Async.failed(new IllegalStateException("the file storage engine was started already"));
        }
        return Async.supply(context.blockingExecutor(), "starting the file storage engine", () -> {
            directories.open();
            if (!state.compareAndSet(State.STARTING, State.STARTED)) {
                directories.close();
                throw new StorageException("the file storage engine was closed while starting");
            }
            periodicFlusher.start();
            return null;
        });
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public CompletionStage<PartitionLog> openLog(TopicPartitionId partition, LogSettings settings) {
        if (partition == null || settings == null) {
            return Async.failed(new NullPointerException("partition and settings are required"));
        }
        if (state.get() != State.STARTED) {
            return Async.failed(new IllegalStateException("the file storage engine is " + state.get().name().toLowerCase()));
        }
        CompletableFuture<FileLog> opening = new CompletableFuture<>();
        CompletableFuture<FileLog> existing = logs.putIfAbsent(partition, opening);
        if (existing != null) {
            return existing.thenApply(log -> {
                log.updateSettings(settings);
                return (PartitionLog) log;
            });
        }
        Async.supply(context.blockingExecutor(), "opening the log of " + partition, () -> openOrCreate(partition, settings))
                .whenComplete((log, failure) -> {
                    if (failure != null) {
                        logs.remove(partition, opening);
                        opening.completeExceptionally(failure);
                    } else {
                        opening.complete(log);
                    }
                });
        return opening.thenApply(log -> log);
    }

    private FileLog openOrCreate(TopicPartitionId partition, LogSettings settings) throws IOException {
        directoryLock.lock();
        try {
            Optional<Path> existing = directories.find(partition);
            PartitionDirectory directory = existing.isPresent()
                    ? PartitionDirectory.open(existing.get(), partition)
                    : PartitionDirectory.create(directories.chooseForNewLog(), partition);
            AppendExecutor appends = appendExecutors.computeIfAbsent(directory.path().getParent(),
                    dataDirectory -> new AppendExecutor(context.blockingExecutor()));
            RolledSegmentFlusher.Forcing forcing = rollForcing.computeIfAbsent(directory.path().getParent(),
                    dataDirectory -> new RolledSegmentFlusher.Forcing(new AppendExecutor(context.blockingExecutor()),
                            forcer));
            return FileLog.open(partition, directory, context.batchFormat(), context.clock(), context.blockingExecutor(),
                    appends, forcing, settings);
        } finally {
            directoryLock.unlock();
        }
    }

    @Override
    public CompletionStage<Void> deleteLog(TopicPartitionId partition) {
        if (partition == null) {
            return Async.failed(new NullPointerException("partition is null"));
        }
        if (state.get() != State.STARTED) {
            return Async.failed(new IllegalStateException("the file storage engine is " + state.get().name().toLowerCase()));
        }
        CompletableFuture<FileLog> open = logs.remove(partition);
        CompletableFuture<FileLog> settled = open == null
                ? CompletableFuture.completedFuture(null)
                : open.handle((log, failure) -> log);
        return settled.thenCompose(log -> Async.supply(context.blockingExecutor(), "deleting the log of " + partition, () -> {
            directoryLock.lock();
            try {
                if (log != null) {
                    log.markDeleted();
                }
                Optional<Path> directory = directories.find(partition);
                if (directory.isPresent()) {
                    Optional<TopicPartitionId> stored = PartitionDirectory.readMetadata(directory.get());
                    // A directory of the same name may hold another topic of that name; that is not ours to delete.
                    if (stored.isEmpty() || stored.get().equals(partition)) {
                        directories.delete(directory.get(), partition);
                    }
                }
                return null;
            } finally {
                directoryLock.unlock();
            }
        }));
    }

    @Override
    public CompletionStage<Set<TopicPartitionId>> listLogs() {
        if (state.get() != State.STARTED) {
            return Async.failed(new IllegalStateException("the file storage engine is " + state.get().name().toLowerCase()));
        }
        return Async.supply(context.blockingExecutor(), "listing logs", () -> Set.copyOf(directories.list()));
    }

    /** Closes every log (sealing and forcing its active segment) and releases the data directories. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        periodicFlusher.close();
        for (CompletableFuture<FileLog> open : List.copyOf(logs.values())) {
            // Runs now for open logs and later for those still opening.
            open.thenAccept(this::closeLog);
        }
        logs.clear();
        directories.close();
    }

    private void closeLog(FileLog log) {
        try {
            log.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + log + " failed", e);
        }
    }

    private Collection<FileLog> openLogs() {
        List<FileLog> open = new ArrayList<>();
        for (CompletableFuture<FileLog> log : logs.values()) {
            if (log.isDone() && !log.isCompletedExceptionally()) {
                open.add(log.join());
            }
        }
        return open;
    }
}
