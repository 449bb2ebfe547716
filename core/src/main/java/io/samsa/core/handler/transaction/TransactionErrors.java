package io.samsa.core.handler.transaction;

import io.samsa.protocol.ErrorCode;

/** Error codes as each version of the transaction APIs can carry them, as Kafka downgrades them. */
final class TransactionErrors {
    private TransactionErrors() {}

    /**
     * PRODUCER_FENCED exists from {@code fencedSince} (v2 of AddPartitionsToTxn, AddOffsetsToTxn and
     * EndTxn, v4 of InitProducerId); older clients get INVALID_PRODUCER_EPOCH, which they treat the same.
     */
    static ErrorCode forVersion(ErrorCode error, short version, int fencedSince) {
        return error == ErrorCode.PRODUCER_FENCED && version < fencedSince ? ErrorCode.INVALID_PRODUCER_EPOCH : error;
    }

    /** A transactional id Kafka refuses outright. */
    static boolean isInvalidId(String transactionalId) {
        return transactionalId == null || transactionalId.isEmpty();
    }
}
