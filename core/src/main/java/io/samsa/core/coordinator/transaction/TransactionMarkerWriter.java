package io.samsa.core.coordinator.transaction;

import io.samsa.core.coordinator.group.TopicPartition;
import java.util.concurrent.CompletionStage;

/**
 * Writes a transaction's COMMIT or ABORT marker into one partition of the transaction. For a
 * {@code __consumer_offsets} partition the marker also decides the producer's pending
 * transactional offsets, so that write belongs to the group coordinator.
 */
@FunctionalInterface
public interface TransactionMarkerWriter {
    /**
     * Completes once the marker is durable. Fails with an ApiErrorException of
     * UNKNOWN_TOPIC_OR_PARTITION when the partition no longer exists (nothing to mark), or
     * INVALID_PRODUCER_EPOCH when the partition knows a newer epoch of the producer.
     */
    CompletionStage<Void> writeMarker(TopicPartition partition, long producerId, short producerEpoch,
            int coordinatorEpoch, boolean commit);
}
