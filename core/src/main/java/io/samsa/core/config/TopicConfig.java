package io.samsa.core.config;

import io.samsa.api.storage.LogSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A topic's effective configuration: its own settings (Kafka's topic-level names) over the
 * broker's defaults. Only keys Samsa acts on are accepted; anything else is INVALID_CONFIG.
 */
public record TopicConfig(
        List<String> cleanupPolicy,
        long retentionMs,
        long retentionBytes,
        int segmentBytes,
        long segmentMs,
        int maxMessageBytes,
        String messageTimestampType,
        int minInsyncReplicas,
        long flushMessages,
        long flushMs,
        int indexIntervalBytes,
        long messageTimestampBeforeMaxMs,
        long messageTimestampAfterMaxMs,
        String compressionType) {

    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "message.timestamp.before.max.ms";
    public static final String MESSAGE_TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";
    public static final String COMPRESSION_TYPE = "compression.type";

    private static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;

    /** Every topic key, with how to read it and the broker default it falls back to. */
    private static final Map<String, Key> KEYS = keys();

    public TopicConfig {
        cleanupPolicy = List.copyOf(cleanupPolicy);
    }

    public boolean compacted() {
        return cleanupPolicy.contains("compact");
    }

    public LogSettings logSettings() {
        return new LogSettings(segmentBytes, segmentMs, flushMessages, flushMs, indexIntervalBytes);
    }

    /** The names of all topic-level keys, in Kafka's alphabetical listing order. */
    public static List<String> names() {
        return KEYS.keySet().stream().sorted().toList();
    }

    /** The broker default of a topic key, as text (what DescribeConfigs and CreateTopics report). */
    public static String defaultValue(String name, LogConfig defaults) {
        return KEYS.get(name).brokerDefault().apply(defaults);
    }

    /**
     * How a topic key's value is written (DescribeConfigs' config type; APPEND and SUBTRACT need a
     * LIST), or empty for a key Samsa does not know.
     */
    public static java.util.Optional<ConfigType> type(String name) {
        return java.util.Optional.ofNullable(KEYS.get(name)).map(Key::type);
    }

    /** @throws ConfigException naming the first unknown key or invalid value */
    public static TopicConfig resolve(LogConfig defaults, Map<String, String> overrides) {
        Map<String, Object> values = new LinkedHashMap<>();
        KEYS.forEach((name, key) -> values.put(name, key.type().parse(key.brokerDefault().apply(defaults))));
        overrides.forEach((name, raw) -> {
            Key key = KEYS.get(name);
            if (key == null) {
                throw new ConfigException("Unknown topic config name: " + name);
            }
            if (raw == null) {
                throw new ConfigException("Null value not supported for topic configs: " + name);
            }
            Object value;
            try {
                value = key.type().parse(raw);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Invalid value " + raw + " for configuration " + name + ": " + e.getMessage());
            }
            if (!key.check().test(value)) {
                throw new ConfigException("Invalid value " + raw + " for configuration " + name + ": " + key.rule());
            }
            values.put(name, value);
        });
        @SuppressWarnings("unchecked")
        List<String> cleanup = (List<String>) values.get(CLEANUP_POLICY);
        return new TopicConfig(
                cleanup,
                (Long) values.get(RETENTION_MS),
                (Long) values.get(RETENTION_BYTES),
                (Integer) values.get(SEGMENT_BYTES),
                (Long) values.get(SEGMENT_MS),
                (Integer) values.get(MAX_MESSAGE_BYTES),
                (String) values.get(MESSAGE_TIMESTAMP_TYPE),
                (Integer) values.get(MIN_INSYNC_REPLICAS),
                (Long) values.get(FLUSH_MESSAGES),
                (Long) values.get(FLUSH_MS),
                (Integer) values.get(INDEX_INTERVAL_BYTES),
                (Long) values.get(MESSAGE_TIMESTAMP_BEFORE_MAX_MS),
                (Long) values.get(MESSAGE_TIMESTAMP_AFTER_MAX_MS),
                (String) values.get(COMPRESSION_TYPE));
    }

    private record Key(ConfigType type, java.util.function.Predicate<Object> check, String rule,
            Function<LogConfig, String> brokerDefault) {}

    private static Map<String, Key> keys() {
        Map<String, Key> keys = new LinkedHashMap<>();
        keys.put(CLEANUP_POLICY, new Key(ConfigType.LIST,
                value -> !((List<?>) value).isEmpty() && List.of("delete", "compact").containsAll((List<?>) value),
                "[delete, compact]", defaults -> String.join(",", defaults.cleanupPolicy())));
        keys.put(RETENTION_MS, new Key(ConfigType.LONG, value -> (Long) value >= -1, "Value must be at least -1",
                defaults -> Long.toString(defaults.retentionMs())));
        keys.put(RETENTION_BYTES, new Key(ConfigType.LONG, value -> true, "",
                defaults -> Long.toString(defaults.retentionBytes())));
        keys.put(SEGMENT_BYTES, new Key(ConfigType.INT, value -> (Integer) value >= 14, "Value must be at least 14",
                defaults -> Integer.toString(defaults.segmentBytes())));
        keys.put(SEGMENT_MS, new Key(ConfigType.LONG, value -> (Long) value >= 1, "Value must be at least 1",
                defaults -> Long.toString(defaults.segmentMs())));
        keys.put(MAX_MESSAGE_BYTES, new Key(ConfigType.INT, value -> (Integer) value >= 0, "Value must be at least 0",
                defaults -> Integer.toString(defaults.messageMaxBytes())));
        keys.put(MESSAGE_TIMESTAMP_TYPE, new Key(ConfigType.STRING,
                value -> value.equals("CreateTime") || value.equals("LogAppendTime"), "[CreateTime, LogAppendTime]",
                LogConfig::messageTimestampType));
        keys.put(MIN_INSYNC_REPLICAS, new Key(ConfigType.INT, value -> (Integer) value >= 1, "Value must be at least 1",
                defaults -> Integer.toString(defaults.minInsyncReplicas())));
        keys.put(FLUSH_MESSAGES, new Key(ConfigType.LONG, value -> (Long) value >= 1, "Value must be at least 1",
                defaults -> Long.toString(defaults.flushIntervalMessages())));
        keys.put(FLUSH_MS, new Key(ConfigType.LONG, value -> (Long) value >= 0, "Value must be at least 0",
                defaults -> Long.toString(defaults.flushIntervalMs())));
        keys.put(INDEX_INTERVAL_BYTES, new Key(ConfigType.INT, value -> (Integer) value >= 0, "Value must be at least 0",
                defaults -> Integer.toString(DEFAULT_INDEX_INTERVAL_BYTES)));
        keys.put(MESSAGE_TIMESTAMP_BEFORE_MAX_MS, new Key(ConfigType.LONG, value -> (Long) value >= 0,
                "Value must be at least 0", defaults -> Long.toString(defaults.messageTimestampBeforeMaxMs())));
        keys.put(MESSAGE_TIMESTAMP_AFTER_MAX_MS, new Key(ConfigType.LONG, value -> (Long) value >= 0,
                "Value must be at least 0", defaults -> Long.toString(defaults.messageTimestampAfterMaxMs())));
        keys.put(COMPRESSION_TYPE, new Key(ConfigType.STRING,
                value -> List.of("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer").contains(value),
                "String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer", LogConfig::compressionType));
        return keys;
    }
}
