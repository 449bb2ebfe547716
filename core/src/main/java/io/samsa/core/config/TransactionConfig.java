package io.samsa.core.config;

import static io.samsa.core.config.BrokerConfigDefinition.TRANSACTIONAL_ID_EXPIRATION_MS;
import static io.samsa.core.config.BrokerConfigDefinition.TRANSACTION_ABORT_TIMED_OUT_INTERVAL_MS;
import static io.samsa.core.config.BrokerConfigDefinition.TRANSACTION_MAX_TIMEOUT_MS;
import static io.samsa.core.config.BrokerConfigDefinition.TRANSACTION_REMOVE_EXPIRED_INTERVAL_MS;
import static io.samsa.core.config.BrokerConfigDefinition.TRANSACTION_STATE_LOG_NUM_PARTITIONS;
import static io.samsa.core.config.BrokerConfigDefinition.TRANSACTION_STATE_LOG_SEGMENT_BYTES;

/**
 * The transaction coordinator's settings, under Kafka's broker keys.
 *
 * @param stateLogPartitions partitions of {@code __transaction_state} when it is created
 * @param stateLogSegmentBytes segment.bytes of {@code __transaction_state} when it is created
 * @param maxTimeoutMs largest transaction timeout a producer may ask for
 * @param transactionalIdExpirationMs how long an idle transactional id is kept
 * @param abortTimedOutIntervalMs how often transactions past their timeout are looked for
 * @param removeExpiredIntervalMs how often expired transactional ids are looked for
 */
public record TransactionConfig(
        int stateLogPartitions,
        int stateLogSegmentBytes,
        int maxTimeoutMs,
        int transactionalIdExpirationMs,
        int abortTimedOutIntervalMs,
        int removeExpiredIntervalMs) {

    /** Kafka's defaults. */
    public static final TransactionConfig DEFAULTS =
            new TransactionConfig(50, 104_857_600, 900_000, 604_800_000, 10_000, 3_600_000);

    static TransactionConfig from(ConfigValues values) {
        return new TransactionConfig(
                values.getInt(TRANSACTION_STATE_LOG_NUM_PARTITIONS),
                values.getInt(TRANSACTION_STATE_LOG_SEGMENT_BYTES),
                values.getInt(TRANSACTION_MAX_TIMEOUT_MS),
                values.getInt(TRANSACTIONAL_ID_EXPIRATION_MS),
                values.getInt(TRANSACTION_ABORT_TIMED_OUT_INTERVAL_MS),
                values.getInt(TRANSACTION_REMOVE_EXPIRED_INTERVAL_MS));
    }
}
