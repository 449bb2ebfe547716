package io.samsa.core.config;

import static io.samsa.core.config.BrokerConfigDefinition.GROUP_CONSUMER_ASSIGNORS;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_CONSUMER_SESSION_TIMEOUT_MS;
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
 * @param consumerHeartbeatIntervalMs heartbeat interval of KIP-848 consumer group members
 * @param consumerSessionTimeoutMs session timeout of KIP-848 consumer group members
 * @param consumerAssignors server-side assignors of KIP-848 groups, the default first
 */
public record GroupConfig(
        int offsetsTopicPartitions,
        int initialRebalanceDelayMs,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        int maxSize,
        int offsetMetadataMaxBytes,
        long offsetsRetentionMs,
        long offsetsRetentionCheckIntervalMs,
        int consumerHeartbeatIntervalMs,
        int consumerSessionTimeoutMs,
        java.util.List<String> consumerAssignors) {

    /** Kafka's defaults: 7 days, checked every 10 minutes. */
    public static final long DEFAULT_OFFSETS_RETENTION_MS = 10_080L * 60_000;
    public static final long DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS = 600_000;

    public GroupConfig {
        consumerAssignors = consumerAssignors.isEmpty() ? java.util.List.of("uniform", "range")
                : java.util.List.copyOf(consumerAssignors);
    }

    /** With Kafka's defaults for KIP-848 groups (5 s heartbeats, 45 s sessions, uniform then range). */
    public GroupConfig(int offsetsTopicPartitions, int initialRebalanceDelayMs, int minSessionTimeoutMs,
            int maxSessionTimeoutMs, int maxSize, int offsetMetadataMaxBytes, long offsetsRetentionMs,
            long offsetsRetentionCheckIntervalMs) {
        this(offsetsTopicPartitions, initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, maxSize,
                offsetMetadataMaxBytes, offsetsRetentionMs, offsetsRetentionCheckIntervalMs, 5000, 45000,
                java.util.List.of("uniform", "range"));
    }

    /** With Kafka's defaults for offset retention and for KIP-848 groups. */
    public GroupConfig(int offsetsTopicPartitions, int initialRebalanceDelayMs, int minSessionTimeoutMs,
            int maxSessionTimeoutMs, int maxSize, int offsetMetadataMaxBytes) {
        this(offsetsTopicPartitions, initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, maxSize,
                offsetMetadataMaxBytes, DEFAULT_OFFSETS_RETENTION_MS, DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS);
    }

    static GroupConfig from(ConfigValues values) {
        return new GroupConfig(
                values.getInt(OFFSETS_TOPIC_NUM_PARTITIONS),
                values.getInt(GROUP_INITIAL_REBALANCE_DELAY_MS),
                values.getInt(GROUP_MIN_SESSION_TIMEOUT_MS),
                values.getInt(GROUP_MAX_SESSION_TIMEOUT_MS),
                values.getInt(GROUP_MAX_SIZE),
                values.getInt(OFFSET_METADATA_MAX_BYTES),
                values.getInt(OFFSETS_RETENTION_MINUTES) * 60_000L,
                values.getLong(OFFSETS_RETENTION_CHECK_INTERVAL_MS),
                values.getInt(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS),
                values.getInt(GROUP_CONSUMER_SESSION_TIMEOUT_MS),
                values.getList(GROUP_CONSUMER_ASSIGNORS).orElse(java.util.List.of("uniform", "range")));
    }
}
