package io.samsa.core.coordinator.transaction;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.TransactionConfig;
import io.samsa.core.coordinator.CoordinatorThread;
import io.samsa.core.coordinator.group.GroupTimer;
import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.partition.ProducerIdManager;
import io.samsa.core.purgatory.DelayTimer;
import io.samsa.protocol.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator: one asynchronous method per transaction API, answering as Kafka's
 * coordinator does for transaction version 1. Its state (one {@link TransactionMetadata} per
 * transactional id) is rebuilt at start-up by replaying {@code __transaction_state} and changed
 * only on the coordinator's own thread: requests hop onto it, timers (on the broker's timer
 * wheel) and completed writes come back to it. This broker coordinates every transactional id.
 */
public final class TransactionCoordinator implements TransactionVerifier, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);

    private final TransactionRuntime runtime;
    private final TransactionStore store;
    private final CoordinatorThread thread;
    private final TransactionCompleter completer;
    private final ProducerIdInitializer initializer;
    private final TransactionExpiry expiry;

    @Inject
    public TransactionCoordinator(TransactionConfig config, Clock clock, DelayTimer timer, TransactionStateTopic store,
            TransactionMarkerWriter markers, ProducerIdManager producerIds) {
        this(config, clock, (delayMs, task) -> timer.schedule(delayMs, task)::cancel, store, markers,
                producerIds::allocate, CoordinatorThread.named("samsa-transaction-coordinator"));
    }

    /** For tests: any executor that runs tasks one at a time, in order (a direct one included). */
    TransactionCoordinator(TransactionConfig config, Clock clock, GroupTimer timer, TransactionStore store,
            TransactionMarkerWriter markers, Supplier<CompletionStage<Long>> producerIds, Executor executor) {
        this(config, clock, timer, store, markers, producerIds, CoordinatorThread.on(executor));
    }

    private TransactionCoordinator(TransactionConfig config, Clock clock, GroupTimer timer, TransactionStore store,
            TransactionMarkerWriter markers, Supplier<CompletionStage<Long>> producerIds, CoordinatorThread thread) {
        this.store = requireNonNull(store, "store is null");
        this.thread = requireNonNull(thread, "thread is null");
        this.runtime = new TransactionRuntime(config, clock, timer, store, thread);
        this.completer = new TransactionCompleter(runtime, markers);
        this.initializer = new ProducerIdInitializer(runtime, completer, producerIds);
        this.expiry = new TransactionExpiry(runtime, completer);
    }

    /**
     * Loads the transactional ids from {@code __transaction_state}. A transaction found prepared
     * (its outcome decided, markers perhaps not all written) is completed now; an open one keeps
     * its start time and is aborted when its timeout passes.
     */
    public CompletionStage<Void> start() {
        long begin = System.nanoTime();
        Map<String, TransactionMetadata> loaded = new LinkedHashMap<>();
        return store.load((id, metadata) -> {
            if (metadata == null) {
                loaded.remove(id);
            } else {
                loaded.put(id, metadata);
            }
        }).thenApplyAsync(ignored -> {
            loaded.forEach((id, metadata) -> runtime.entries.put(id, new TransactionEntry(metadata)));
            List<TransactionEntry> prepared = runtime.entries.values().stream()
                    .filter(entry -> entry.current().state().isPreparing()).toList();
            prepared.forEach(completer::writeMarkers);
            expiry.schedule();
            log.info("Loaded {} transactional ids ({} transactions open, {} being completed) from {} in {} ms",
                    loaded.size(), loaded.values().stream().filter(m -> m.state() == TransactionState.ONGOING).count(),
                    prepared.size(), TransactionStateTopic.NAME, (System.nanoTime() - begin) / 1_000_000);
            return (Void) null;
        }, thread.executor());
    }

    /** Completes once the coordinator can write, creating {@code __transaction_state} on first use. */
    public CompletionStage<Void> ensureReady() {
        return store.ensureReady();
    }

    @Override
    public void close() {
        thread.close();
    }

    /**
     * InitProducerId with a transactional id.
     *
     * @param expectedProducerId the producer's current id (KIP-360, v3+), or -1
     * @param expectedEpoch the producer's current epoch, or -1
     */
    public CompletableFuture<InitProducerIdResult> initProducerId(String transactionalId, int timeoutMs,
            long expectedProducerId, short expectedEpoch) {
        return call(() -> initializer.init(transactionalId, timeoutMs, expectedProducerId, expectedEpoch,
                TransactionMetadata.NO_PRODUCER_ID));
    }

    /** AddPartitionsToTxn (and AddOffsetsToTxn, for the group's partition): one error for all partitions. */
    public CompletableFuture<ErrorCode> addPartitions(String transactionalId, long producerId, short producerEpoch,
            Set<TopicPartition> partitions) {
        return call(() -> {
            TransactionEntry entry = runtime.entries.get(transactionalId);
            ErrorCode invalid = validate(entry, producerId, producerEpoch);
            if (invalid != ErrorCode.NONE) {
                return CompletableFuture.completedFuture(invalid);
            }
            TransactionMetadata current = entry.current();
            if (entry.hasPendingTransition() || current.state().isPreparing()) {
                return CompletableFuture.completedFuture(ErrorCode.CONCURRENT_TRANSACTIONS);
            }
            if (current.state() == TransactionState.ONGOING && current.partitions().containsAll(partitions)) {
                return CompletableFuture.completedFuture(ErrorCode.NONE);
            }
            return runtime.write(entry, current.withPartitions(partitions, runtime.now()))
                    .handle((ignored, failure) -> failure == null ? ErrorCode.NONE : TransactionRuntime.writeError(failure));
        });
    }

    /**
     * AddPartitionsToTxn v4+ with verify_only (KIP-890 part 1): whether each partition is in the
     * producer's open transaction. A partition that is not gets TRANSACTION_ABORTABLE; an error
     * for the whole transaction comes back as the only entry under a null key.
     */
    public CompletableFuture<Map<TopicPartition, ErrorCode>> verifyPartitions(String transactionalId, long producerId,
            short producerEpoch, Collection<TopicPartition> partitions) {
        return call(() -> {
            TransactionEntry entry = runtime.entries.get(transactionalId);
            ErrorCode invalid = validate(entry, producerId, producerEpoch);
            if (invalid == ErrorCode.NONE && entry.current().state().isPreparing()) {
                invalid = ErrorCode.CONCURRENT_TRANSACTIONS;
            }
            Map<TopicPartition, ErrorCode> results = new LinkedHashMap<>();
            for (TopicPartition partition : partitions) {
                results.put(partition, invalid != ErrorCode.NONE ? invalid
                        : entry.current().partitions().contains(partition) ? ErrorCode.NONE : ErrorCode.TRANSACTION_ABORTABLE);
            }
            return CompletableFuture.completedFuture(results);
        });
    }

    @Override
    public CompletableFuture<ErrorCode> verify(String transactionalId, long producerId, short producerEpoch,
            TopicPartition partition) {
        return verifyPartitions(transactionalId, producerId, producerEpoch, List.of(partition))
                .thenApply(errors -> errors.get(partition));
    }

    @Override
    public CompletableFuture<ErrorCode> addPartition(String transactionalId, long producerId, short producerEpoch,
            TopicPartition partition) {
        return addPartitions(transactionalId, producerId, producerEpoch, Set.of(partition));
    }

    /** EndTxn: answered once the outcome is durable; markers follow. */
    public CompletableFuture<ErrorCode> endTransaction(String transactionalId, long producerId, short producerEpoch,
            boolean commit) {
        return call(() -> completer.endTransaction(transactionalId, producerId, producerEpoch, commit));
    }

    /** The current state of each id that exists (Dead ones do not). */
    public CompletableFuture<Map<String, TransactionMetadata>> describe(Collection<String> transactionalIds) {
        return call(() -> {
            Map<String, TransactionMetadata> found = new LinkedHashMap<>();
            for (String id : transactionalIds) {
                TransactionEntry entry = runtime.entries.get(id);
                if (entry != null && entry.current().state() != TransactionState.DEAD) {
                    found.put(id, entry.current());
                }
            }
            return CompletableFuture.completedFuture(found);
        });
    }

    /**
     * ListTransactions: every id whose state passes {@code filter}, which is given the current
     * time as well (for the duration filter).
     */
    public CompletableFuture<List<TransactionMetadata>> list(Predicate<TransactionMetadata> filter) {
        return call(() -> {
            List<TransactionMetadata> listed = new ArrayList<>();
            for (TransactionEntry entry : runtime.entries.values()) {
                if (entry.current().state() != TransactionState.DEAD && filter.test(entry.current())) {
                    listed.add(entry.current());
                }
            }
            return CompletableFuture.completedFuture(listed);
        });
    }

    /** The coordinator's clock, for filters on how long transactions have been open. */
    public long now() {
        return runtime.now();
    }

    /** Kafka's checks of a producer's id and epoch for AddPartitionsToTxn. */
    private static ErrorCode validate(TransactionEntry entry, long producerId, short producerEpoch) {
        if (entry == null || entry.current().producerId() != producerId) {
            return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
        }
        if (entry.current().producerEpoch() != producerEpoch) {
            return ErrorCode.PRODUCER_FENCED;
        }
        return ErrorCode.NONE;
    }

    /** Runs {@code work} on the coordinator's thread; its result may complete later. */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
        return thread.call(work);
    }
}
