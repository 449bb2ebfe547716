package io.samsa.core.config;

import static io.samsa.core.config.ConfigKey.key;
import static io.samsa.core.config.ConfigType.BOOLEAN;
import static io.samsa.core.config.ConfigType.INT;
import static io.samsa.core.config.ConfigType.LIST;
import static io.samsa.core.config.ConfigType.LONG;
import static io.samsa.core.config.ConfigType.SHORT;
import static io.samsa.core.config.ConfigType.STRING;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every broker configuration key Samsa accepts, under Kafka's names and with Kafka's defaults
 * where the concept is the same (Samsa's own defaults differ only where DESIGN.md says so: a
 * broker on localhost:9092 with its data under ./data).
 */
public final class BrokerConfigDefinition {
    public static final String NODE_ID = "node.id";
    public static final String BROKER_RACK = "broker.rack";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    public static final String CONTROLLER_LISTENER_NAMES = "controller.listener.names";
    public static final String LOG_DIR = "log.dir";
    public static final String LOG_DIRS = "log.dirs";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String SOCKET_SEND_BUFFER_BYTES = "socket.send.buffer.bytes";
    public static final String SOCKET_RECEIVE_BUFFER_BYTES = "socket.receive.buffer.bytes";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String PLUGIN_PATH = "plugin.path";
    public static final String STORAGE_ENGINE = "storage.engine";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    public static final String GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS = "group.consumer.heartbeat.interval.ms";
    public static final String GROUP_CONSUMER_SESSION_TIMEOUT_MS = "group.consumer.session.timeout.ms";
    public static final String GROUP_CONSUMER_ASSIGNORS = "group.consumer.assignors";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String TRANSACTION_STATE_LOG_NUM_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String TRANSACTION_STATE_LOG_SEGMENT_BYTES = "transaction.state.log.segment.bytes";
    public static final String TRANSACTION_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String TRANSACTIONAL_ID_EXPIRATION_MS = "transactional.id.expiration.ms";
    public static final String TRANSACTION_ABORT_TIMED_OUT_INTERVAL_MS =
            "transaction.abort.timed.out.transaction.cleanup.interval.ms";
    public static final String TRANSACTION_REMOVE_EXPIRED_INTERVAL_MS =
            "transaction.remove.expired.transaction.cleanup.interval.ms";
    /** Every setting of an engine starts with this, then the engine's name and a dot. */
    public static final String STORAGE_SETTINGS_PREFIX = "storage.";
    /** What an engine may be called: it becomes part of setting names, so no dots. */
    public static final Pattern ENGINE_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern ENGINE_SETTING = Pattern.compile("storage\\.[A-Za-z0-9_-]+\\..+");

    private final Map<String, ConfigKey> keys;

    public BrokerConfigDefinition() {
        Map<String, ConfigKey> all = new LinkedHashMap<>();
        for (ConfigKey key : new ConfigKey[] {
            // Identity and listeners
            key(NODE_ID, INT).defaultValue("1").atLeast(0)
                    .doc("The id of this broker in the cluster."),
            key(BROKER_RACK, STRING)
                    .doc("The rack of this broker, reported to clients in Metadata."),
            key(LISTENERS, LIST).defaultValue("PLAINTEXT://localhost:9092")
                    .doc("Comma-separated NAME://host:port endpoints to listen on; an empty host binds every interface, port 0 an ephemeral port."),
            key(ADVERTISED_LISTENERS, LIST)
                    .doc("Endpoints given to clients, per listener name; defaults to listeners."),
            key(LISTENER_SECURITY_PROTOCOL_MAP, LIST)
                    .defaultValue("PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL")
                    .doc("Listener name to security protocol. Samsa serves PLAINTEXT listeners today."),
            key(CONTROLLER_LISTENER_NAMES, LIST)
                    .doc("Listeners Kafka reserves for its controller quorum; Samsa does not bind them."),
            key("inter.broker.listener.name", STRING).notYetInEffect()
                    .doc("Listener brokers use among themselves."),
            key("security.inter.broker.protocol", STRING).defaultValue("PLAINTEXT").notYetInEffect()
                    .doc("Security protocol brokers use among themselves."),
            key("process.roles", LIST).defaultValue("broker,controller").oneOf("broker", "controller")
                    .notYetInEffect()
                    .doc("Kafka's KRaft roles; a Samsa broker always does both."),
            key("controller.quorum.voters", LIST).notYetInEffect()
                    .doc("Kafka's static controller quorum."),
            key("controller.quorum.bootstrap.servers", LIST).notYetInEffect()
                    .doc("Kafka's dynamic controller quorum bootstrap."),

            // Network
            key(SOCKET_REQUEST_MAX_BYTES, INT).defaultValue("104857600").atLeast(1)
                    .doc("Largest request frame accepted; a larger size field closes the connection."),
            key(SOCKET_SEND_BUFFER_BYTES, INT).defaultValue("102400").atLeast(-1)
                    .doc("SO_SNDBUF of client connections; -1 uses the OS default."),
            key(SOCKET_RECEIVE_BUFFER_BYTES, INT).defaultValue("102400").atLeast(-1)
                    .doc("SO_RCVBUF of client connections; -1 uses the OS default."),
            key(CONNECTIONS_MAX_IDLE_MS, LONG).defaultValue("600000").atLeast(1)
                    .doc("A connection with no traffic for this long is closed."),
            key(NUM_NETWORK_THREADS, INT).defaultValue("3").atLeast(1)
                    .doc("Event-loop threads serving client connections."),
            key("num.io.threads", INT).defaultValue("8").atLeast(1).notYetInEffect()
                    .doc("Kafka's request handler threads; Samsa's handlers do not block."),

            // Log directories and topic defaults
            key(LOG_DIR, STRING).defaultValue("./data")
                    .doc("The data directory, used when log.dirs is not set."),
            key(LOG_DIRS, LIST)
                    .doc("Comma-separated data directories; overrides log.dir."),
            key("num.partitions", INT).defaultValue("1").atLeast(1)
                    .doc("Partitions of an automatically created topic."),
            key("default.replication.factor", SHORT).defaultValue("1").atLeast(1)
                    .doc("Replication factor of an automatically created topic."),
            key("auto.create.topics.enable", BOOLEAN).defaultValue("true")
                    .doc("Create a topic when a client asks for its metadata."),
            key("min.insync.replicas", INT).defaultValue("1").atLeast(1).notYetInEffect()
                    .doc("In-sync replicas an acks=all write needs."),
            key("message.max.bytes", INT).defaultValue("1048588").atLeast(0)
                    .doc("Largest record batch accepted."),
            key("log.retention.hours", INT).defaultValue("168")
                    .doc("Hours to keep a log segment."),
            key("log.retention.minutes", INT)
                    .doc("Minutes to keep a log segment; overrides log.retention.hours."),
            key("log.retention.ms", LONG)
                    .doc("Milliseconds to keep a log segment; overrides minutes and hours; -1 keeps forever."),
            key("log.retention.bytes", LONG).defaultValue("-1")
                    .doc("Bytes to keep per partition; -1 means no limit."),
            key("log.retention.check.interval.ms", LONG).defaultValue("300000").atLeast(1)
                    .doc("How often retention runs."),
            key("log.segment.bytes", INT).defaultValue("1073741824").atLeast(14)
                    .doc("Size at which a log segment is rolled."),
            key("log.roll.hours", INT).defaultValue("168").atLeast(1)
                    .doc("Age at which a log segment is rolled."),
            key("log.roll.ms", LONG)
                    .doc("Age at which a log segment is rolled, in milliseconds."),
            key("log.flush.interval.messages", LONG).defaultValue(Long.toString(Long.MAX_VALUE)).atLeast(1)
                    
                    .doc("Records appended before the log is forced to disk."),
            key("log.flush.interval.ms", LONG)
                    .doc("Milliseconds a record may wait before the log is forced to disk."),
            key("log.cleanup.policy", LIST).defaultValue("delete").oneOf("delete", "compact").notYetInEffect()
                    .doc("Default cleanup policy of topics."),
            key("log.message.timestamp.before.max.ms", LONG).defaultValue(Long.toString(Long.MAX_VALUE)).atLeast(0)
                    .doc("How far in the past a CreateTime record may be stamped; older records are refused (INVALID_TIMESTAMP)."),
            key("log.message.timestamp.after.max.ms", LONG).defaultValue("3600000").atLeast(0)
                    .doc("How far in the future a CreateTime record may be stamped; later records are refused (INVALID_TIMESTAMP)."),
            key("compression.type", STRING).defaultValue("producer")
                    .oneOf("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer")
                    .doc("Codec batches are stored with; producer keeps what the producer sent."),
            key("log.message.timestamp.type", STRING).defaultValue("CreateTime")
                    .oneOf("CreateTime", "LogAppendTime")
                    .doc("Whether record timestamps are the producer's or the broker's."),
            key("num.recovery.threads.per.data.dir", INT).defaultValue("2").atLeast(1).notYetInEffect()
                    .doc("Threads recovering logs at start-up."),

            // Plugins and storage
            key(PLUGIN_PATH, LIST).defaultValue("./plugins")
                    .doc("Comma-separated directories holding plugins (zips, jars or unpacked directories), "
                            + "as Kafka Connect's plugin.path; the distribution points it at $SAMSA_HOME/plugins."),
            key(STORAGE_ENGINE, STRING).defaultValue("file")
                    .doc("The storage engine keeping partition logs, by the name its plugin gives it; its settings "
                            + "are the keys storage.<engine>.* (passed to the engine without that prefix)."),

            // Internal topics
            key("offsets.topic.replication.factor", SHORT).defaultValue("3").atLeast(1).notYetInEffect()
                    .doc("Replication factor of __consumer_offsets."),
            key(OFFSETS_TOPIC_NUM_PARTITIONS, INT).defaultValue("50").atLeast(1)
                    .doc("Partitions of __consumer_offsets, created at the first start; a group's state lives in "
                            + "partition abs(hash(group.id)) % partitions."),
            key("transaction.state.log.replication.factor", SHORT).defaultValue("3").atLeast(1).notYetInEffect()
                    .doc("Replication factor of __transaction_state."),
            key("transaction.state.log.min.isr", INT).defaultValue("2").atLeast(1).notYetInEffect()
                    .doc("min.insync.replicas of __transaction_state."),
            key(TRANSACTION_STATE_LOG_NUM_PARTITIONS, INT).defaultValue("50").atLeast(1)
                    .doc("Partitions of __transaction_state, created when a client first looks for a transaction "
                            + "coordinator; a transactional id's state lives in partition abs(hash(id)) % partitions."),
            key(TRANSACTION_STATE_LOG_SEGMENT_BYTES, INT).defaultValue("104857600").atLeast(1)
                    .doc("segment.bytes of __transaction_state when it is created."),
            key("share.coordinator.state.topic.replication.factor", SHORT).defaultValue("3").atLeast(1)
                    .notYetInEffect()
                    .doc("Replication factor of Kafka's share-group state topic."),
            key("share.coordinator.state.topic.min.isr", SHORT).defaultValue("2").atLeast(1).notYetInEffect()
                    .doc("min.insync.replicas of Kafka's share-group state topic."),

            // Consumer groups
            key(GROUP_INITIAL_REBALANCE_DELAY_MS, INT).defaultValue("3000").atLeast(0)
                    .doc("How long the first rebalance of an empty group waits for more members to join (extended "
                            + "by each join, up to the rebalance timeout)."),
            key(GROUP_MIN_SESSION_TIMEOUT_MS, INT).defaultValue("6000").atLeast(1)
                    .doc("Smallest session.timeout.ms a consumer may ask for (INVALID_SESSION_TIMEOUT below)."),
            key(GROUP_MAX_SESSION_TIMEOUT_MS, INT).defaultValue("1800000").atLeast(1)
                    .doc("Largest session.timeout.ms a consumer may ask for (INVALID_SESSION_TIMEOUT above)."),
            key(GROUP_MAX_SIZE, INT).defaultValue(Integer.toString(Integer.MAX_VALUE)).atLeast(1)
                    .doc("Most members a classic group may have (GROUP_MAX_SIZE_REACHED beyond)."),
            key(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, INT).defaultValue("5000").atLeast(1)
                    .doc("Heartbeat interval of KIP-848 consumer group members (group.protocol=consumer)."),
            key(GROUP_CONSUMER_SESSION_TIMEOUT_MS, INT).defaultValue("45000").atLeast(1)
                    .doc("Session timeout of KIP-848 consumer group members: one without a heartbeat this long is removed."),
            key(GROUP_CONSUMER_ASSIGNORS, LIST).defaultValue("uniform,range").oneOf("uniform", "range")
                    .doc("Server-side assignors of KIP-848 consumer groups (uniform, range); the first is the default."),
            key(OFFSET_METADATA_MAX_BYTES, INT).defaultValue("4096").atLeast(0)
                    .doc("Longest metadata string of a committed offset (OFFSET_METADATA_TOO_LARGE beyond)."),
            key(OFFSETS_RETENTION_MINUTES, INT).defaultValue("10080").atLeast(1)
                    .doc("How long committed offsets are kept after the group became empty (or, for a group that "
                            + "only ever committed, after the commit); then they and the empty group are removed."),
            key(OFFSETS_RETENTION_CHECK_INTERVAL_MS, LONG).defaultValue("600000").atLeast(1)
                    .doc("How often the group coordinator looks for expired offsets."),

            // Transactions
            key(TRANSACTION_MAX_TIMEOUT_MS, INT).defaultValue("900000").atLeast(1)
                    .doc("Largest transaction.timeout.ms a producer may ask for (INVALID_TRANSACTION_TIMEOUT above)."),
            key(TRANSACTIONAL_ID_EXPIRATION_MS, INT).defaultValue("604800000").atLeast(1)
                    .doc("How long the coordinator keeps a transactional id whose producer sent no transactional "
                            + "request; then the id and its state are removed."),
            key(TRANSACTION_ABORT_TIMED_OUT_INTERVAL_MS, INT).defaultValue("10000").atLeast(1)
                    .doc("How often the coordinator aborts transactions open longer than their transaction.timeout.ms."),
            key(TRANSACTION_REMOVE_EXPIRED_INTERVAL_MS, INT).defaultValue("3600000").atLeast(1)
                    .doc("How often the coordinator removes transactional ids past transactional.id.expiration.ms."),
        }) {
            all.put(key.name(), key);
        }
        this.keys = java.util.Collections.unmodifiableMap(all);
    }

    public Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    public Map<String, ConfigKey> keys() {
        return keys;
    }

    /**
     * True for keys the broker does not know but hands on raw to a plugin: {@code storage.<engine>.<setting>}
     * (any engine name; the engine itself rejects settings it does not know).
     */
    public boolean isPassThrough(String name) {
        return ENGINE_SETTING.matcher(name).matches();
    }
}
