package io.samsa.core.config;

import static io.samsa.core.config.BrokerConfigDefinition.GROUP_INITIAL_REBALANCE_DELAY_MS;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_MAX_SESSION_TIMEOUT_MS;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_MAX_SIZE;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_MIN_SESSION_TIMEOUT_MS;
import static io.samsa.core.config.BrokerConfigDefinition.OFFSETS_TOPIC_NUM_PARTITIONS;
import static io.samsa.core.config.BrokerConfigDefinition.OFFSETS_RETENTION_CHECK_INTERVAL_MS;
import static io.samsa.core.config.BrokerConfigDefinition.OFFSETS_RETENTION_MINUTES;
import static io.samsa.core.config.BrokerConfigDefinition.OFFSET_METADATA_MAX_BYTES;

/**
 * The group coordinator's settings, under Kafka's broker keys.
 *
 * @param offsetsTopicPartitions partitions of {@code __consumer_offsets} when it is created
 * @param initialRebalanceDelayMs how long the first rebalance of an empty group waits for more members
 * @param minSessionTimeoutMs smallest session timeout a member may ask for
 * @param maxSessionTimeoutMs largest session timeout a member may ask for
 * @param maxSize most members of one group
 * @param offsetMetadataMaxBytes longest metadata string of a committed offset
 * @param offsetsRetentionMs how long offsets outlive their group's last member (or their commit)
 * @param offsetsRetentionCheckIntervalMs how often expired offsets are looked for
 */
public record GroupConfig(
        int offsetsTopicPartitions,
        int initialRebalanceDelayMs,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        int maxSize,
        int offsetMetadataMaxBytes,
        long offsetsRetentionMs,
        long offsetsRetentionCheckIntervalMs) {

    /** Kafka's defaults: 7 days, checked every 10 minutes. */
    public static final long DEFAULT_OFFSETS_RETENTION_MS = 10_080L * 60_000;
    public static final long DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS = 600_000;

    static GroupConfig from(ConfigValues values) {
        return new GroupConfig(
                values.getInt(OFFSETS_TOPIC_NUM_PARTITIONS),
                values.getInt(GROUP_INITIAL_REBALANCE_DELAY_MS),
                values.getInt(GROUP_MIN_SESSION_TIMEOUT_MS),
                values.getInt(GROUP_MAX_SESSION_TIMEOUT_MS),
                values.getInt(GROUP_MAX_SIZE),
                values.getInt(OFFSET_METADATA_MAX_BYTES),
                values.getInt(OFFSETS_RETENTION_MINUTES) * 60_000L,
                values.getLong(OFFSETS_RETENTION_CHECK_INTERVAL_MS));
    }
}
