package io.samsa.core.config;

import static io.samsa.core.config.BrokerConfigDefinition.GROUP_CONSUMER_ASSIGNORS;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_CONSUMER_SESSION_TIMEOUT_MS;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_INITIAL_REBALANCE_DELAY_MS;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_MAX_SESSION_TIMEOUT_MS;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_MAX_SIZE;
import static io.samsa.core.config.BrokerConfigDefinition.GROUP_MIN_SESSION_TIMEOUT_MS;
import static io.samsa.core.config.BrokerConfigDefinition.OFFSETS_TOPIC_NUM_PARTITIONS;
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
        int consumerHeartbeatIntervalMs,
        int consumerSessionTimeoutMs,
        java.util.List<String> consumerAssignors) {

    public GroupConfig {
        consumerAssignors = consumerAssignors.isEmpty() ? java.util.List.of("uniform", "range")
                : java.util.List.copyOf(consumerAssignors);
    }

    /** With Kafka's defaults for KIP-848 groups (5 s heartbeats, 45 s sessions, uniform then range). */
    public GroupConfig(int offsetsTopicPartitions, int initialRebalanceDelayMs, int minSessionTimeoutMs,
            int maxSessionTimeoutMs, int maxSize, int offsetMetadataMaxBytes) {
        this(offsetsTopicPartitions, initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, maxSize,
                offsetMetadataMaxBytes, 5000, 45000, java.util.List.of("uniform", "range"));
    }

    static GroupConfig from(ConfigValues values) {
        return new GroupConfig(
                values.getInt(OFFSETS_TOPIC_NUM_PARTITIONS),
                values.getInt(GROUP_INITIAL_REBALANCE_DELAY_MS),
                values.getInt(GROUP_MIN_SESSION_TIMEOUT_MS),
                values.getInt(GROUP_MAX_SESSION_TIMEOUT_MS),
                values.getInt(GROUP_MAX_SIZE),
                values.getInt(OFFSET_METADATA_MAX_BYTES),
                values.getInt(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS),
                values.getInt(GROUP_CONSUMER_SESSION_TIMEOUT_MS),
                values.getList(GROUP_CONSUMER_ASSIGNORS).orElse(java.util.List.of("uniform", "range")));
    }
}
