package io.samsa.core.config;

import java.util.List;

/**
 * Broker-wide defaults of topics and their logs, from Kafka's broker keys; a topic's own
 * settings (see {@link TopicConfig}) override them.
 */
public record LogConfig(
        int numPartitions,
        short defaultReplicationFactor,
        boolean autoCreateTopics,
        int messageMaxBytes,
        int segmentBytes,
        long segmentMs,
        long retentionMs,
        long retentionBytes,
        long retentionCheckIntervalMs,
        long flushIntervalMessages,
        long flushIntervalMs,
        List<String> cleanupPolicy,
        String messageTimestampType,
        long messageTimestampBeforeMaxMs,
        long messageTimestampAfterMaxMs,
        String compressionType,
        int minInsyncReplicas) {

    public LogConfig {
        cleanupPolicy = List.copyOf(cleanupPolicy);
    }

    static LogConfig from(ConfigValues values) {
        return new LogConfig(
                values.getInt("num.partitions"),
                values.getShort("default.replication.factor"),
                values.getBoolean("auto.create.topics.enable"),
                values.getInt("message.max.bytes"),
                values.getInt("log.segment.bytes"),
                segmentMs(values),
                retentionMs(values),
                values.getLong("log.retention.bytes"),
                values.getLong("log.retention.check.interval.ms"),
                values.getLong("log.flush.interval.messages"),
                java.util.Objects.requireNonNullElse(values.getLongOrNull("log.flush.interval.ms"), Long.MAX_VALUE),
                values.getList("log.cleanup.policy").orElse(List.of("delete")),
                values.getString("log.message.timestamp.type").orElse("CreateTime"),
                values.getLong("log.message.timestamp.before.max.ms"),
                values.getLong("log.message.timestamp.after.max.ms"),
                values.getString("compression.type").orElse("producer"),
                values.getInt("min.insync.replicas"));
    }

    /** Kafka's precedence: log.retention.ms, then .minutes, then .hours; a negative value keeps forever. */
    private static long retentionMs(ConfigValues values) {
        Long ms = values.getLongOrNull("log.retention.ms");
        if (ms != null) {
            return ms < 0 ? -1 : ms;
        }
        Integer minutes = values.getIntOrNull("log.retention.minutes");
        if (minutes != null) {
            return minutes < 0 ? -1 : minutes * 60_000L;
        }
        int hours = values.getInt("log.retention.hours");
        return hours < 0 ? -1 : hours * 3_600_000L;
    }

    /** log.roll.ms wins over log.roll.hours. */
    private static long segmentMs(ConfigValues values) {
        Long ms = values.getLongOrNull("log.roll.ms");
        return ms != null ? ms : values.getInt("log.roll.hours") * 3_600_000L;
    }
}
