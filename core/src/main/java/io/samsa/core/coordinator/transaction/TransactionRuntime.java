package io.samsa.core.coordinator.transaction;

import static java.util.Objects.requireNonNull;

import io.samsa.core.config.TransactionConfig;
import io.samsa.core.coordinator.CoordinatorErrors;
import io.samsa.core.coordinator.CoordinatorThread;
import io.samsa.core.coordinator.group.GroupTimer;
import io.samsa.protocol.ErrorCode;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What the coordinator's parts share: the transactional ids, the settings, the clock, and the
 * ways work gets back onto the coordinator's single thread (requests, timers, completed writes).
 * Every entry is touched on that thread only, so the state machine needs no locks.
 */
final class TransactionRuntime {
    /** How Kafka's transaction coordinator answers a failed write to its topic. */
    private static final CoordinatorErrors WRITE_ERRORS = CoordinatorErrors
            .translating(Set.of(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.NOT_ENOUGH_REPLICAS,
                    ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, ErrorCode.REQUEST_TIMED_OUT,
                    ErrorCode.COORDINATOR_NOT_AVAILABLE), ErrorCode.COORDINATOR_NOT_AVAILABLE)
            .translating(Set.of(ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.KAFKA_STORAGE_ERROR), ErrorCode.NOT_COORDINATOR)
            .othersUnknown();

    final Map<String, TransactionEntry> entries = new HashMap<>();
    final TransactionConfig config;
    private final Clock clock;
    private final GroupTimer timer;
    private final TransactionStore store;
    private final CoordinatorThread thread;

    TransactionRuntime(TransactionConfig config, Clock clock, GroupTimer timer, TransactionStore store,
            CoordinatorThread thread) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.store = requireNonNull(store, "store is null");
        this.thread = requireNonNull(thread, "thread is null");
    }

    long now() {
        return clock.millis();
    }

    Executor executor() {
        return thread.executor();
    }

    /** Runs {@code task} on the coordinator's thread after {@code delayMs}. */
    void schedule(long delayMs, Runnable task) {
        try {
            timer.schedule(delayMs, () -> thread.executor().execute(task));
        } catch (IllegalStateException e) {
            // The broker is stopping and its timer with it; the work resumes after the next start.
        }
    }

    /** A stage that completes as {@code stage} does, but on the coordinator's thread. */
    <T> CompletableFuture<T> onCoordinator(CompletableFuture<T> stage) {
        return thread.completeOnThread(stage);
    }

    /**
     * Makes {@code next} the id's durable state: marks the transition pending, writes it and, once
     * durable, makes it current (a Dead state removes the id). Completes on the coordinator's
     * thread; on failure the entry keeps its old state.
     */
    CompletableFuture<Void> write(TransactionEntry entry, TransactionMetadata next) {
        entry.pending(next.state());
        CompletableFuture<Void> appended = thread.completeOnThread(
                () -> store.append(next.transactionalId(), next.state() == TransactionState.DEAD ? null : next));
        return appended.whenComplete((ignored, failure) -> {
            entry.pending(null);
            if (failure == null) {
                entry.current(next);
                if (next.state() == TransactionState.DEAD) {
                    entries.remove(next.transactionalId(), entry);
                }
            }
        });
    }

    /** The error a client gets when the coordinator could not write its state (Kafka's mapping). */
    static ErrorCode writeError(Throwable failure) {
        return WRITE_ERRORS.of(failure);
    }
}
