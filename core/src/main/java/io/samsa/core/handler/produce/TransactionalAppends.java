package io.samsa.core.handler.produce;

import static java.util.Objects.requireNonNull;

import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.coordinator.transaction.TransactionVerifier;
import io.samsa.core.log.Log;
import io.samsa.core.log.Log.AppendResult;
import io.samsa.core.log.VerificationGuard;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.RecordBatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Appends a produced batch, first verifying a transactional one as Kafka does since KIP-890
 * part 1: a producer's first transactional write to a partition is accepted only if the
 * coordinator has the partition in that producer's open transaction (or, from Produce v12,
 * has added it there). So a late or stray write (after an abort, or without AddPartitionsToTxn)
 * cannot open a transaction here that no marker would ever end, which would hold back
 * read_committed consumers for good.
 */
final class TransactionalAppends {
    private static final short ADDS_PARTITION_SINCE = 12;
    private final TransactionVerifier verifier;

    TransactionalAppends(TransactionVerifier verifier) {
        this.verifier = requireNonNull(verifier, "verifier is null");
    }

    CompletionStage<AppendResult> append(Log log, RecordBatch batch, String transactionalId, short produceVersion) {
        if (!batch.isTransactional() || transactionalId == null) {
            return log.appendAsLeader(batch);
        }
        VerificationGuard guard = log.startTransactionVerification(batch.producerId(), batch.producerEpoch());
        if (guard == VerificationGuard.NONE) {
            return log.appendAsLeader(batch);
        }
        TopicPartition partition = new TopicPartition(log.id().topic(), log.id().partition());
        // Produce v12+ means a client that no longer sends AddPartitionsToTxn: Kafka 4.3.1 adds the
        // partition for it (observed even with transaction.version 1 finalized).
        CompletableFuture<ErrorCode> checked = produceVersion >= ADDS_PARTITION_SINCE
                ? verifier.addPartition(transactionalId, batch.producerId(), batch.producerEpoch(), partition)
                : verifier.verify(transactionalId, batch.producerId(), batch.producerEpoch(), partition);
        return checked.thenCompose(error -> error == ErrorCode.NONE ? log.appendAsLeader(batch, guard)
                        : CompletableFuture.failedFuture(produceError(error, produceVersion)));
    }

    /** Kafka's translation of a failed verification into what producers handle (ReplicaManager). */
    private static ApiErrorException produceError(ErrorCode error, short produceVersion) {
        return switch (error) {
            case TRANSACTION_ABORTABLE, INVALID_TXN_STATE -> produceVersion >= 11
                    ? new ApiErrorException(ErrorCode.TRANSACTION_ABORTABLE, "Partition was not added to the transaction")
                    : new ApiErrorException(ErrorCode.INVALID_TXN_STATE, "Partition was not added to the transaction");
            // Retriable for every client, without a metadata refresh (Kafka's choice).
            case CONCURRENT_TRANSACTIONS, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR ->
                    new ApiErrorException(ErrorCode.NOT_ENOUGH_REPLICAS,
                            "Unable to verify the partition has been added to the transaction. Underlying error: " + error);
            // Producers handle a stale epoch on Produce as INVALID_PRODUCER_EPOCH (abortable), not as fenced.
            case PRODUCER_FENCED -> new ApiErrorException(ErrorCode.INVALID_PRODUCER_EPOCH,
                    "Producer attempted to produce with an old epoch");
            default -> new ApiErrorException(error, "Transaction verification failed: " + error);
        };
    }
}
