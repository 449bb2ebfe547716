package io.samsa.core.coordinator.transaction;

import static java.util.Objects.requireNonNull;

import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends transactions as Kafka's coordinator does for transaction version 1: the decision
 * (PrepareCommit or PrepareAbort) is made durable first, which is when EndTxn is answered; then a
 * marker goes to every partition of the transaction, and once all are written the transaction
 * is CompleteCommit or CompleteAbort. Until then the id answers CONCURRENT_TRANSACTIONS. A marker
 * or a completion that cannot be written is retried until it is, so a prepared transaction always
 * ends (also after a restart: see {@link TransactionCoordinator#start}).
 */
final class TransactionCompleter {
    /** Kafka's coordinator uses one coordinator epoch per __transaction_state leadership; a single broker keeps one. */
    static final int COORDINATOR_EPOCH = 0;
    static final long RETRY_BACKOFF_MS = 100;
    /** Retries of a write that keeps failing (a full or broken disk) slow down to this. */
    static final long MAX_RETRY_BACKOFF_MS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(TransactionCompleter.class);

    private final TransactionRuntime runtime;
    private final TransactionMarkerWriter markers;

    TransactionCompleter(TransactionRuntime runtime, TransactionMarkerWriter markers) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.markers = requireNonNull(markers, "markers is null");
    }

    /** EndTxn from a producer: its id and epoch must be the current ones exactly. */
    CompletableFuture<ErrorCode> endTransaction(String transactionalId, long producerId, short producerEpoch,
            boolean commit) {
        TransactionEntry entry = runtime.entries.get(transactionalId);
        if (entry == null) {
            return done(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
        }
        TransactionMetadata current = entry.current();
        if (current.producerId() != producerId) {
            return done(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
        }
        if (producerEpoch != current.producerEpoch()) {
            return done(ErrorCode.PRODUCER_FENCED);
        }
        if (entry.hasPendingTransition()) {
            return done(ErrorCode.CONCURRENT_TRANSACTIONS);
        }
        return switch (current.state()) {
            case ONGOING -> prepare(entry, current.prepared(commit, runtime.now()));
            // A retry of an EndTxn whose answer was lost: the outcome stands.
            case COMPLETE_COMMIT -> done(commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE);
            case COMPLETE_ABORT -> done(commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE);
            // Markers are being written: Kafka holds the completion as pending then, so any EndTxn,
            // the opposite outcome too, is told to retry (observed on Kafka 4.3.1, transaction.version 1).
            case PREPARE_COMMIT, PREPARE_ABORT -> done(ErrorCode.CONCURRENT_TRANSACTIONS);
            case EMPTY, DEAD, PREPARE_EPOCH_FENCE -> done(ErrorCode.INVALID_TXN_STATE);
        };
    }

    /**
     * Aborts an open transaction on the coordinator's own account (InitProducerId from a new
     * producer instance, or the transaction's timeout), bumping the epoch so the producer that
     * opened it is fenced. Completes once PrepareAbort is durable.
     */
    CompletableFuture<ErrorCode> fenceAndAbort(TransactionEntry entry) {
        TransactionMetadata current = entry.current();
        if (entry.hasPendingTransition() || current.state() != TransactionState.ONGOING) {
            return done(ErrorCode.CONCURRENT_TRANSACTIONS);
        }
        if (current.producerEpoch() == Short.MAX_VALUE) {
            // Cannot happen through this coordinator (epochs stop at MAX-1 before a fence), but never overflow.
            log.error("Cannot fence producer {} of {}: its epoch is {}", current.producerId(), current.transactionalId(),
                    current.producerEpoch());
            return done(ErrorCode.UNKNOWN_SERVER_ERROR);
        }
        return prepare(entry, current.fenced(runtime.now()));
    }

    private CompletableFuture<ErrorCode> prepare(TransactionEntry entry, TransactionMetadata prepared) {
        return runtime.write(entry, prepared).handle((ignored, failure) -> {
            if (failure != null) {
                log.warn("Cannot write {} of {}: {}", prepared.state().displayName(), prepared.transactionalId(),
                        failure.getMessage());
                return TransactionRuntime.writeError(failure);
            }
            writeMarkers(entry);
            return ErrorCode.NONE;
        });
    }

    /** Writes the markers of a prepared transaction, then its completion. */
    void writeMarkers(TransactionEntry entry) {
        TransactionMetadata prepared = entry.current();
        if (!prepared.state().isPreparing()) {
            return;
        }
        boolean commit = prepared.state() == TransactionState.PREPARE_COMMIT;
        List<CompletableFuture<Void>> written = new ArrayList<>();
        for (TopicPartition partition : prepared.partitions()) {
            written.add(writeMarker(prepared, partition, commit));
        }
        CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
                .thenRun(() -> complete(entry, prepared, RETRY_BACKOFF_MS));
    }

    private CompletableFuture<Void> writeMarker(TransactionMetadata prepared, TopicPartition partition, boolean commit) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attemptMarker(prepared, partition, commit, done, RETRY_BACKOFF_MS);
        return done;
    }

    private void attemptMarker(TransactionMetadata prepared, TopicPartition partition, boolean commit,
            CompletableFuture<Void> done, long backoffMs) {
        CompletableFuture<Void> write;
        try {
            write = markers.writeMarker(partition, prepared.producerId(), prepared.producerEpoch(), COORDINATOR_EPOCH, commit)
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        runtime.onCoordinator(write).whenComplete((ignored, failure) -> {
            ErrorCode error = failure == null ? ErrorCode.NONE : errorOf(failure);
            switch (error) {
                case NONE -> done.complete(null);
                case UNKNOWN_TOPIC_OR_PARTITION, INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED -> {
                    // The partition is gone, or already knows a newer epoch of this producer (or a newer
                    // coordinator): nothing left to mark, as Kafka's coordinator gives up on these.
                    log.info("No {} marker for {} of {} in {}: {}", commit ? "COMMIT" : "ABORT", prepared.producerId(),
                            prepared.transactionalId(), partition, error);
                    done.complete(null);
                }
                default -> {
                    log.warn("Cannot write the {} marker of {} to {}-{} (retrying): {}", commit ? "COMMIT" : "ABORT",
                            prepared.transactionalId(), partition.topic(), partition.partition(), failure.getMessage());
                    runtime.schedule(backoffMs, () -> attemptMarker(prepared, partition, commit, done,
                            Math.min(backoffMs * 2, MAX_RETRY_BACKOFF_MS)));
                }
            }
        });
    }

    /** Makes a transaction whose markers are all written complete, unless something else moved it on. */
    private void complete(TransactionEntry entry, TransactionMetadata prepared, long backoffMs) {
        if (entry.current() != prepared || runtime.entries.get(prepared.transactionalId()) != entry) {
            return;
        }
        runtime.write(entry, prepared.completed(runtime.now())).whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("Cannot complete the transaction of {} (retrying): {}", prepared.transactionalId(),
                        failure.getMessage());
                runtime.schedule(backoffMs, () -> complete(entry, prepared, Math.min(backoffMs * 2, MAX_RETRY_BACKOFF_MS)));
            }
        });
    }

    private static ErrorCode errorOf(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ApiErrorException api ? api.error() : ErrorCode.UNKNOWN_SERVER_ERROR;
    }

    private static CompletableFuture<ErrorCode> done(ErrorCode error) {
        return CompletableFuture.completedFuture(error);
    }
}
