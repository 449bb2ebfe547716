package io.samsa.core.handler.config;

import io.samsa.core.config.ConfigType;
import io.samsa.core.config.TopicConfig;
import io.samsa.core.log.TopicNames;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The wire constants of the config APIs (resource types, config sources, config types) and the
 * checks every config API makes on a resource's name, with Kafka's codes and messages.
 */
final class ConfigResources {
    /** ConfigResource.Type ids. */
    static final byte TOPIC = 2;
    static final byte BROKER = 4;

    /** DescribeConfigs' config sources. */
    static final byte DYNAMIC_TOPIC_CONFIG = 1;
    static final byte STATIC_BROKER_CONFIG = 4;
    static final byte DEFAULT_CONFIG = 5;

    /**
     * The broker key each topic key falls back to (Kafka's ServerTopicConfigSynonyms). Kafka names
     * only this one key as a synonym: not log.retention.hours for retention.ms, for instance, even
     * when that is where the value comes from.
     */
    static final Map<String, String> BROKER_SYNONYMS = Map.ofEntries(
            Map.entry(TopicConfig.CLEANUP_POLICY, "log.cleanup.policy"),
            Map.entry(TopicConfig.RETENTION_MS, "log.retention.ms"),
            Map.entry(TopicConfig.RETENTION_BYTES, "log.retention.bytes"),
            Map.entry(TopicConfig.SEGMENT_BYTES, "log.segment.bytes"),
            Map.entry(TopicConfig.SEGMENT_MS, "log.roll.ms"),
            Map.entry(TopicConfig.MAX_MESSAGE_BYTES, "message.max.bytes"),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_TYPE, "log.message.timestamp.type"),
            Map.entry(TopicConfig.MIN_INSYNC_REPLICAS, "min.insync.replicas"),
            Map.entry(TopicConfig.FLUSH_MESSAGES, "log.flush.interval.messages"),
            Map.entry(TopicConfig.FLUSH_MS, "log.flush.interval.ms"),
            Map.entry(TopicConfig.INDEX_INTERVAL_BYTES, "log.index.interval.bytes"),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS, "log.message.timestamp.before.max.ms"),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS, "log.message.timestamp.after.max.ms"),
            Map.entry(TopicConfig.COMPRESSION_TYPE, "compression.type"));

    private ConfigResources() {}

    /** DescribeConfigs' config_type (v3+) of a value type. */
    static byte wireType(ConfigType type) {
        return switch (type) {
            case BOOLEAN -> 1;
            case STRING -> 2;
            case INT -> 3;
            case SHORT -> 4;
            case LONG -> 5;
            case LIST -> 7;
        };
    }

    static String resourceTypeName(byte type) {
        return switch (type) {
            case 2 -> "TOPIC";
            case 4 -> "BROKER";
            case 8 -> "BROKER_LOGGER";
            case 16 -> "CLIENT_METRICS";
            case 32 -> "GROUP";
            default -> "UNKNOWN (" + type + ")";
        };
    }

    /** The resource types Samsa does not serve get Kafka's INVALID_REQUEST. */
    static ApiErrorException unsupportedResourceType(byte type) {
        return new ApiErrorException(ErrorCode.INVALID_REQUEST, "Samsa does not serve configs of resource type "
                + resourceTypeName(type) + "; only TOPIC and BROKER");
    }

    /**
     * Checks a BROKER resource name for DescribeConfigs: empty means the cluster-wide dynamic
     * defaults, otherwise it must be this broker's id.
     *
     * @return false for the empty name (cluster defaults), true for this broker
     */
    static boolean describedBroker(String name, int nodeId) {
        if (name.isEmpty()) {
            return false;
        }
        int id = brokerId(name);
        if (id != nodeId) {
            throw new ApiErrorException(ErrorCode.INVALID_REQUEST,
                    "Unexpected broker id, expected " + nodeId + " or empty string, but received " + name);
        }
        return true;
    }

    /** Checks a BROKER resource name for the alter APIs: empty (cluster defaults) or this broker's id. */
    static void alteredBroker(String name, int nodeId) {
        if (name.isEmpty()) {
            return;
        }
        int id = brokerId(name);
        if (id != nodeId) {
            throw new ApiErrorException(ErrorCode.INVALID_REQUEST,
                    "Unexpected broker id, expected " + nodeId + ", but received " + name);
        }
    }

    private static int brokerId(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "Broker id must be an integer, but it is: " + name);
        }
    }

    /**
     * Samsa has no dynamic broker configuration: every broker key is read from server.properties at
     * start-up, so any change is refused the way Kafka refuses a change to a static key.
     */
    static ApiErrorException staticBrokerConfigs(Collection<String> names) {
        return new ApiErrorException(ErrorCode.INVALID_REQUEST,
                "Cannot update these configs dynamically: " + new TreeSet<>(names));
    }

    /** Why a topic name is invalid, worded as Kafka's config APIs word it, or empty. */
    static Optional<String> invalidTopicName(String name) {
        if (name.isEmpty()) {
            return Optional.of("Topic name is invalid: the empty string is not allowed");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("Topic name is invalid: '" + name + "' is not allowed");
        }
        if (name.length() > TopicNames.MAX_LENGTH) {
            return Optional.of("Topic name is invalid: the length of '" + name + "' is longer than "
                    + TopicNames.MAX_LENGTH);
        }
        if (TopicNames.invalidReason(name).isPresent()) {
            return Optional.of("Topic name is invalid: '" + name
                    + "' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'");
        }
        return Optional.empty();
    }
}
