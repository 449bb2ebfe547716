package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.core.config.GroupConfig;
import io.samsa.core.coordinator.CoordinatorErrors;
import io.samsa.core.coordinator.CoordinatorThread;
import io.samsa.protocol.ErrorCode;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What the coordinator's parts share: the groups, the settings, the clock, and the three ways
 * work gets back onto the coordinator's single thread (requests, timers, completed appends).
 * Every field of every group is touched on that thread only, so the state machine needs no locks.
 */
final class GroupRuntime {
    /** How Kafka's group coordinator answers a failed write to its topic. */
    private static final CoordinatorErrors APPEND_ERRORS = CoordinatorErrors
            .translating(Set.of(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.NOT_ENOUGH_REPLICAS,
                    ErrorCode.REQUEST_TIMED_OUT), ErrorCode.COORDINATOR_NOT_AVAILABLE)
            .translating(Set.of(ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.KAFKA_STORAGE_ERROR), ErrorCode.NOT_COORDINATOR)
            .translating(Set.of(ErrorCode.MESSAGE_TOO_LARGE, ErrorCode.RECORD_LIST_TOO_LARGE, ErrorCode.INVALID_FETCH_SIZE),
                    ErrorCode.UNKNOWN_SERVER_ERROR)
            .othersAsThey();

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
    private final CoordinatorThread thread;

    GroupRuntime(GroupConfig config, Clock clock, GroupTimer timer, GroupStore store, CoordinatorThread thread) {
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

    /**
     * Runs {@code task} on the coordinator's thread after {@code delayMs}, unless cancelled first.
     * Cancelling on the coordinator's thread is final: a task whose time came while the
     * cancellation was under way does not run.
     */
    GroupTimer.Cancellable schedule(long delayMs, Runnable task) {
        Scheduled scheduled = new Scheduled();
        scheduled.timeout = timer.schedule(delayMs, () -> thread.executor().execute(() -> {
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
        return thread.completeOnThread(write);
    }

    /** The error a client gets when the coordinator could not write its records (Kafka's mapping). */
    static ErrorCode appendError(Throwable failure) {
        return APPEND_ERRORS.of(failure);
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
