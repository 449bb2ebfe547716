package io.samsa.core.coordinator.transaction;

import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.protocol.ErrorCode;
import java.util.concurrent.CompletableFuture;

/**
 * KIP-890, as the produce path asks the transaction coordinator about a producer's first
 * transactional write to a partition. Errors are the producer's (INVALID_PRODUCER_ID_MAPPING,
 * PRODUCER_FENCED, CONCURRENT_TRANSACTIONS).
 */
public interface TransactionVerifier {
    /** Part 1: is this partition in the producer's open transaction? NONE if so; TRANSACTION_ABORTABLE if not. */
    CompletableFuture<ErrorCode> verify(String transactionalId, long producerId, short producerEpoch,
            TopicPartition partition);

    /**
     * Part 2 (Produce v12+): the write adds its partition to the producer's transaction, as
     * AddPartitionsToTxn would; NONE once it is in.
     */
    CompletableFuture<ErrorCode> addPartition(String transactionalId, long producerId, short producerEpoch,
            TopicPartition partition);
}
