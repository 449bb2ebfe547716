package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.api.storage.StorageException;
import io.samsa.core.config.GroupConfig;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What the coordinator's parts share: the groups, the settings, the clock, and the three ways
 * work gets back onto the coordinator's single thread (requests, timers, completed appends).
 * Every field of every group is touched on that thread only, so the state machine needs no locks.
 */
final class GroupRuntime {
    final Map<String, ClassicGroup> groups = new HashMap<>();
    /**
     * KIP-848 consumer groups. A consumer group's committed offsets stay in an Empty classic
     * entry of {@link #groups} under the same id (where {@link OffsetManager} keeps them).
     */
    final Map<String, ConsumerGroup> consumerGroups = new HashMap<>();
    /** Offsets of open transactions (TxnOffsetCommit), not committed offsets until their COMMIT marker. */
    final PendingTransactionalOffsets pendingTransactions = new PendingTransactionalOffsets();
    final GroupConfig config;
    private final Clock clock;
    private final GroupTimer timer;
    private final GroupStore store;
    private final Executor executor;

    GroupRuntime(GroupConfig config, Clock clock, GroupTimer timer, GroupStore store, Executor executor) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.store = requireNonNull(store, "store is null");
        this.executor = requireNonNull(executor, "executor is null");
    }

    long now() {
        return clock.millis();
    }

    Executor executor() {
        return executor;
    }

    /**
     * Runs {@code task} on the coordinator's thread after {@code delayMs}, unless cancelled first.
     * Cancelling on the coordinator's thread is final: a task whose time came while the
     * cancellation was under way does not run.
     */
    GroupTimer.Cancellable schedule(long delayMs, Runnable task) {
        Scheduled scheduled = new Scheduled();
        scheduled.timeout = timer.schedule(delayMs, () -> executor.execute(() -> {
            if (!scheduled.cancelled) {
                scheduled.cancelled = true;
                task.run();
            }
        }));
        return scheduled;
    }

    GroupStore store() {
        return store;
    }

    /** Appends a group's records; the returned stage completes on the coordinator's thread. */
    CompletableFuture<Void> append(String groupId, List<GroupRecord> records) {
        return onCoordinatorThread(() -> store.append(groupId, records));
    }

    /** Runs a store write; the returned stage completes on the coordinator's thread. */
    CompletableFuture<Void> onCoordinatorThread(Supplier<CompletionStage<Void>> write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> appended;
        try {
            appended = write.get().toCompletableFuture();
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        appended.whenComplete((ignored, failure) -> executor.execute(() -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(null);
            }
        }));
        return done;
    }

    /** The error a client gets when the coordinator could not write its records (Kafka's mapping). */
    static ErrorCode appendError(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StorageException) {
            return ErrorCode.NOT_COORDINATOR;
        }
        if (!(cause instanceof ApiErrorException api)) {
            return ErrorCode.UNKNOWN_SERVER_ERROR;
        }
        return switch (api.error()) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, REQUEST_TIMED_OUT -> ErrorCode.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> ErrorCode.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> ErrorCode.UNKNOWN_SERVER_ERROR;
            default -> api.error();
        };
    }

    private static final class Scheduled implements GroupTimer.Cancellable {
        private volatile GroupTimer.Cancellable timeout;
        private boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
            GroupTimer.Cancellable pending = timeout;
            if (pending != null) {
                pending.cancel();
            }
        }
    }
}
