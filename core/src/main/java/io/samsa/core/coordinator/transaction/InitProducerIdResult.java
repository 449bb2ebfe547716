package io.samsa.core.coordinator.transaction;

import io.samsa.protocol.ErrorCode;

/** InitProducerId's answer: an error, or the producer id and epoch the producer is to use. */
public record InitProducerIdResult(ErrorCode error, long producerId, short producerEpoch) {
    static InitProducerIdResult failed(ErrorCode error) {
        return new InitProducerIdResult(error, TransactionMetadata.NO_PRODUCER_ID, TransactionMetadata.NO_EPOCH);
    }
}
