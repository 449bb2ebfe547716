package io.samsa.core.coordinator.transaction;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InitProducerId for a transactional id, as Kafka's coordinator answers it: a new id gets a new
 * producer id at epoch 0; a known one gets its epoch bumped (a new producer id once the epoch is
 * exhausted), which fences every older instance of the producer. An open transaction is aborted
 * first (with one more bump, so its producer is fenced even if the retry below never comes) and
 * the caller told CONCURRENT_TRANSACTIONS, as while a transaction's markers are being written; it
 * retries and gets its epoch once the abort is complete. A producer recovering from an error
 * (KIP-360, v3+) names its current producer id and epoch, which must be the current or the
 * previous ones.
 */
final class ProducerIdInitializer {
    private static final Logger log = LoggerFactory.getLogger(ProducerIdInitializer.class);
    private final TransactionRuntime runtime;
    private final TransactionCompleter completer;
    private final Supplier<CompletionStage<Long>> producerIds;

    ProducerIdInitializer(TransactionRuntime runtime, TransactionCompleter completer,
            Supplier<CompletionStage<Long>> producerIds) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.completer = requireNonNull(completer, "completer is null");
        this.producerIds = requireNonNull(producerIds, "producerIds is null");
    }

    /**
     * @param expectedProducerId -1 unless the producer names its current id (then with its epoch)
     * @param newProducerId a producer id allocated for this request, or -1 (one is allocated when needed)
     */
    CompletableFuture<InitProducerIdResult> init(String transactionalId, int timeoutMs, long expectedProducerId,
            short expectedEpoch, long newProducerId) {
        if (timeoutMs <= 0 || timeoutMs > runtime.config.maxTimeoutMs()) {
            return failed(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
        }
        boolean expected = expectedProducerId != TransactionMetadata.NO_PRODUCER_ID;
        TransactionEntry entry = runtime.entries.get(transactionalId);
        if (entry == null) {
            if (newProducerId < 0) {
                return allocateAndRetry(transactionalId, timeoutMs, expectedProducerId, expectedEpoch);
            }
            entry = new TransactionEntry(TransactionMetadata.fresh(transactionalId, newProducerId, timeoutMs, runtime.now()));
            runtime.entries.put(transactionalId, entry);
        }
        TransactionMetadata current = entry.current();
        if (entry.hasPendingTransition()) {
            return failed(ErrorCode.CONCURRENT_TRANSACTIONS);
        }
        if (expected && !isValidProducerId(current, expectedProducerId, expectedEpoch)) {
            return failed(ErrorCode.PRODUCER_FENCED);
        }
        return switch (current.state()) {
            case PREPARE_COMMIT, PREPARE_ABORT -> failed(ErrorCode.CONCURRENT_TRANSACTIONS);
            case ONGOING -> completer.fenceAndAbort(entry).thenApply(error -> {
                log.info("Aborting the open transaction of {} for a new instance of its producer", transactionalId);
                return InitProducerIdResult.failed(error == ErrorCode.NONE ? ErrorCode.CONCURRENT_TRANSACTIONS : error);
            });
            case EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT -> {
                if (current.isEpochExhausted() && (!expected || expectedEpoch == current.producerEpoch())) {
                    if (newProducerId < 0) {
                        yield allocateAndRetry(transactionalId, timeoutMs, expectedProducerId, expectedEpoch);
                    }
                    short lastEpoch = expected ? current.producerEpoch() : TransactionMetadata.NO_EPOCH;
                    yield write(entry, current.initialized(newProducerId, current.producerId(), (short) 0, lastEpoch,
                            timeoutMs, runtime.now()));
                }
                yield bumpEpoch(entry, current, timeoutMs, expected, expectedEpoch);
            }
            case DEAD, PREPARE_EPOCH_FENCE -> failed(ErrorCode.CONCURRENT_TRANSACTIONS);
        };
    }

    /**
     * Kafka's check of a producer's own id (KIP-360): it is the current one, or the metadata is
     * brand new, or it is the previous one with an exhausted epoch (a retry after a rotation whose
     * answer was lost).
     */
    private static boolean isValidProducerId(TransactionMetadata current, long producerId, short epoch) {
        return current.producerEpoch() == TransactionMetadata.NO_EPOCH
                || producerId == current.producerId()
                || producerId == current.lastProducerId() && TransactionMetadata.isEpochExhausted(epoch);
    }

    private CompletableFuture<InitProducerIdResult> bumpEpoch(TransactionEntry entry, TransactionMetadata current,
            int timeoutMs, boolean expected, short expectedEpoch) {
        short bumped = (short) (current.producerEpoch() + 1);
        short epoch;
        short lastEpoch;
        if (!expected) {
            epoch = bumped;
            lastEpoch = TransactionMetadata.NO_EPOCH;
        } else if (current.producerEpoch() == TransactionMetadata.NO_EPOCH || expectedEpoch == current.producerEpoch()) {
            epoch = bumped;
            lastEpoch = current.producerEpoch();
        } else if (expectedEpoch == current.lastProducerEpoch()) {
            // A retry of the bump this producer asked for: answer it again without another bump.
            epoch = current.producerEpoch();
            lastEpoch = current.lastProducerEpoch();
        } else {
            return failed(ErrorCode.PRODUCER_FENCED);
        }
        return write(entry, current.initialized(current.producerId(), current.lastProducerId(), epoch, lastEpoch,
                timeoutMs, runtime.now()));
    }

    private CompletableFuture<InitProducerIdResult> write(TransactionEntry entry, TransactionMetadata next) {
        return runtime.write(entry, next).handle((ignored, failure) -> failure != null
                ? InitProducerIdResult.failed(TransactionRuntime.writeError(failure))
                : new InitProducerIdResult(ErrorCode.NONE, next.producerId(), next.producerEpoch()));
    }

    private CompletableFuture<InitProducerIdResult> allocateAndRetry(String transactionalId, int timeoutMs,
            long expectedProducerId, short expectedEpoch) {
        CompletableFuture<Long> allocated;
        try {
            allocated = producerIds.get().toCompletableFuture();
        } catch (RuntimeException e) {
            allocated = CompletableFuture.failedFuture(e);
        }
        return runtime.onCoordinator(allocated).handle((id, failure) -> {
            if (failure != null) {
                log.warn("Cannot allocate a producer id for {}: {}", transactionalId, failure.getMessage());
                return failed(ErrorCode.COORDINATOR_NOT_AVAILABLE);
            }
            return init(transactionalId, timeoutMs, expectedProducerId, expectedEpoch, id);
        }).thenCompose(result -> result);
    }

    private static CompletableFuture<InitProducerIdResult> failed(ErrorCode error) {
        return CompletableFuture.completedFuture(InitProducerIdResult.failed(error));
    }
}
