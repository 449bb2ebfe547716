package io.samsa.core.coordinator.transaction;

import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.protocol.ErrorCode;
import java.util.concurrent.CompletableFuture;

/**
 * KIP-890 part 1, as the produce path asks it: is this partition in the producer's open
 * transaction? NONE if so; TRANSACTION_ABORTABLE if not; otherwise the producer's error
 * (INVALID_PRODUCER_ID_MAPPING, PRODUCER_FENCED, CONCURRENT_TRANSACTIONS).
 */
@FunctionalInterface
public interface TransactionVerifier {
    CompletableFuture<ErrorCode> verify(String transactionalId, long producerId, short producerEpoch,
            TopicPartition partition);
}
