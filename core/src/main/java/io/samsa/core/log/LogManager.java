package io.samsa.core.log;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.core.config.TopicConfig;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The open partition logs of this broker, by topic id and partition. */
public final class LogManager {
    private final Provider<StorageEngine> engine;
    private final Clock clock;
    private final Map<Key, Log> logs = new ConcurrentHashMap<>();

    @Inject
    public LogManager(Provider<StorageEngine> engine, Clock clock) {
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Opens a partition's log and rebuilds its producer state before anyone can append to it. */
    public CompletionStage<Log> open(TopicPartitionId id, TopicConfig config) {
        Key key = new Key(id.topicId(), id.partition());
        Log existing = logs.get(key);
        if (existing != null) {
            return CompletableFuture.completedFuture(existing);
        }
        return engine.get().openLog(id, config.logSettings()).thenCompose(storage -> {
            Log log = new Log(storage, config, clock);
            return log.loadProducerState().thenApply(loaded -> {
                Log raced = logs.putIfAbsent(key, log);
                return raced != null ? raced : log;
            });
        });
    }

    /**
     * Applies a topic's new configuration to one of its open logs: the broker's own checks at once,
     * and the engine's layout and durability settings by opening the log again with them.
     */
    public CompletionStage<Void> reconfigure(Log log, TopicConfig config) {
        log.updateConfig(config);
        return engine.get().openLog(log.id(), config.logSettings()).thenApply(reopened -> null);
    }

    public Optional<Log> log(UUID topicId, int partition) {
        return Optional.ofNullable(logs.get(new Key(topicId, partition)));
    }

    public Collection<Log> all() {
        return List.copyOf(logs.values());
    }

    /** Forgets and deletes a partition's log and its data. */
    public CompletionStage<Void> delete(TopicPartitionId id) {
        logs.remove(new Key(id.topicId(), id.partition()));
        return engine.get().deleteLog(id);
    }

    /**
     * Deletes stored logs of topics that no longer exist — left behind when the broker stopped
     * between recording a deletion and removing the data — so a re-created topic starts clean.
     */
    public CompletionStage<Integer> deleteOrphans(java.util.Set<UUID> liveTopicIds) {
        return engine.get().listLogs().thenCompose(stored -> {
            List<CompletableFuture<Void>> deleting = stored.stream()
                    .filter(id -> !liveTopicIds.contains(id.topicId()))
                    .map(id -> engine.get().deleteLog(id).toCompletableFuture())
                    .toList();
            return CompletableFuture.allOf(deleting.toArray(CompletableFuture[]::new)).thenApply(ignored -> deleting.size());
        });
    }

    private record Key(UUID topicId, int partition) {}
}
