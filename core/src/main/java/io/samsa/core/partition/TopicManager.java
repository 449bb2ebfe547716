package io.samsa.core.partition;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.core.config.ConfigException;
import io.samsa.core.config.LogConfig;
import io.samsa.core.config.TopicConfig;
import io.samsa.core.log.Log;
import io.samsa.core.log.LogManager;
import io.samsa.core.log.TopicNames;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics and keeps their partition logs open. A topic exists once its creation record
 * is durable in the metadata log and its partitions' logs are open; requests for it before that
 * see it as unknown, as a Kafka client would while a topic is being created.
 */
public final class TopicManager {
    private static final Logger log = LoggerFactory.getLogger(TopicManager.class);
    /** Kafka's limit on partitions per topic creation is only the cluster's; this keeps one request sane. */
    private static final int MAX_PARTITIONS = 100_000;

    private final TopicRegistry registry;
    private final MetadataLog metadataLog;
    private final LogManager logs;
    private final LogConfig defaults;
    private final ProducerIdManager producerIds;
    private final int nodeId;
    private CompletableFuture<?> lastChange = CompletableFuture.completedFuture(null);
    private final List<java.util.function.Consumer<Topic>> deletionListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Inject
    public TopicManager(TopicRegistry registry, MetadataLog metadataLog, LogManager logs, LogConfig defaults,
            ProducerIdManager producerIds, io.samsa.core.config.ServerConfig server) {
        this.producerIds = requireNonNull(producerIds, "producerIds is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.metadataLog = requireNonNull(metadataLog, "metadataLog is null");
        this.logs = requireNonNull(logs, "logs is null");
        this.defaults = requireNonNull(defaults, "defaults is null");
        this.nodeId = server.nodeId();
    }

    /** Replays the metadata log and opens every partition log (engine recovery happens here). */
    public CompletionStage<Void> start() {
        return metadataLog.replay(record -> {
            registry.apply(record);
            producerIds.apply(record);
        }).thenCompose(ignored -> {
            java.util.Set<UUID> live = new java.util.HashSet<>();
            registry.all().forEach(topic -> live.add(topic.id()));
            live.add(MetadataLog.TOPIC_ID);
            return logs.deleteOrphans(live);
        }).thenCompose(orphans -> {
            if (orphans > 0) {
                log.info("Deleted the data of {} partitions of topics deleted before the last stop", orphans);
            }
            List<CompletableFuture<?>> opening = new ArrayList<>();
            for (Topic topic : registry.all()) {
                opening.add(openLogs(topic, 0).toCompletableFuture());
            }
            return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new));
        }).thenRun(() -> log.info("Loaded {} topics from the metadata log", registry.all().size()));
    }

    public TopicRegistry registry() {
        return registry;
    }

    /**
     * Checks a creation request without making it; throws ApiErrorException with Kafka's code.
     *
     * @param partitions -1 for the broker default
     * @param replicationFactor -1 for the broker default
     * @return the effective partition count and configuration
     */
    public NewTopic validate(String name, int partitions, short replicationFactor, Map<Integer, List<Integer>> assignments,
            Map<String, String> configs) {
        TopicNames.invalidReason(name).ifPresent(reason -> {
            throw new ApiErrorException(ErrorCode.INVALID_TOPIC_EXCEPTION, reason);
        });
        if (registry.byName(name).isPresent()) {
            throw new ApiErrorException(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
        }
        int count;
        if (!assignments.isEmpty()) {
            if (partitions != -1 || replicationFactor != -1) {
                throw new ApiErrorException(ErrorCode.INVALID_REQUEST,
                        "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.");
            }
            for (int partition = 0; partition < assignments.size(); partition++) {
                List<Integer> replicas = assignments.get(partition);
                if (replicas == null) {
                    throw new ApiErrorException(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                            "Partitions should be a consecutive 0-based integer sequence");
                }
                if (!replicas.equals(List.of(nodeId))) {
                    throw new ApiErrorException(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                            "Replica assignment " + replicas + " names brokers that do not exist; this cluster has broker " + nodeId);
                }
            }
            count = assignments.size();
        } else {
            count = partitions == -1 ? defaults.numPartitions() : partitions;
            short factor = replicationFactor == -1 ? defaults.defaultReplicationFactor() : replicationFactor;
            if (count <= 0 || count > MAX_PARTITIONS) {
                throw new ApiErrorException(ErrorCode.INVALID_PARTITIONS, "Number of partitions must be larger than 0.");
            }
            if (factor <= 0) {
                throw new ApiErrorException(ErrorCode.INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0.");
            }
            if (factor > 1) {
                throw new ApiErrorException(ErrorCode.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                        + factor + " time(s): The target replication factor of " + factor
                        + " cannot be reached because only 1 broker(s) are registered.");
            }
        }
        TopicConfig config;
        try {
            config = TopicConfig.resolve(defaults, configs);
        } catch (ConfigException e) {
            throw new ApiErrorException(ErrorCode.INVALID_CONFIG, e.getMessage());
        }
        return new NewTopic(name, count, configs, config);
    }

    /** Creates a validated topic; completes once it is durable and its logs are open. */
    public synchronized CompletionStage<Topic> create(NewTopic topic) {
        CompletableFuture<Topic> result = lastChange.handle((ignored, failure) -> null).thenCompose(ignored -> {
            if (registry.byName(topic.name()).isPresent()) {
                throw new ApiErrorException(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic '" + topic.name() + "' already exists.");
            }
            var record = new MetadataRecord.TopicCreated(topic.name(), newTopicId(), topic.partitions(), topic.overrides());
            return metadataLog.append(List.of(record)).thenCompose(appended -> {
                Topic created = new Topic(record.name(), record.topicId(), record.partitions(), record.configs());
                return openLogs(created, 0).thenApply(opened -> {
                    registry.apply(record);
                    log.info("Created topic {} ({} partitions, id {})", created.name(), created.partitions(), created.id());
                    return created;
                });
            });
        });
        lastChange = result;
        return result;
    }

    /**
     * Calls {@code listener} with each topic deleted from now on, once its deletion is durable (the
     * group coordinator removes the topic's committed offsets). A listener must not block.
     */
    public void addDeletionListener(java.util.function.Consumer<Topic> listener) {
        deletionListeners.add(requireNonNull(listener, "listener is null"));
    }

    /** Deletes a topic: gone for clients once the deletion is durable, then its logs are removed. */
    public synchronized CompletionStage<Void> delete(Topic topic) {
        CompletableFuture<Void> result = lastChange.handle((ignored, failure) -> null).thenCompose(ignored -> {
            if (registry.byId(topic.id()).isEmpty()) {
                throw new ApiErrorException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic-partition.");
            }
            var record = new MetadataRecord.TopicDeleted(topic.id());
            return metadataLog.append(List.of(record)).thenCompose(appended -> {
                registry.apply(record);
                for (var listener : deletionListeners) {
                    try {
                        listener.accept(topic);
                    } catch (RuntimeException e) {
                        log.error("A listener failed on the deletion of topic {}", topic.name(), e);
                    }
                }
                List<CompletableFuture<Void>> deleting = new ArrayList<>();
                for (int partition = 0; partition < topic.partitions(); partition++) {
                    deleting.add(logs.delete(new TopicPartitionId(topic.name(), topic.id(), partition)).toCompletableFuture());
                }
                return CompletableFuture.allOf(deleting.toArray(CompletableFuture[]::new));
            }).thenRun(() -> log.info("Deleted topic {} (id {})", topic.name(), topic.id()));
        });
        lastChange = result;
        return result;
    }

    /**
     * Checks a complete set of configuration overrides for a topic; throws ApiErrorException
     * INVALID_CONFIG naming the first unknown key or invalid value.
     */
    public TopicConfig validateConfigs(Map<String, String> overrides) {
        try {
            return TopicConfig.resolve(defaults, overrides);
        } catch (ConfigException e) {
            throw new ApiErrorException(ErrorCode.INVALID_CONFIG, e.getMessage());
        }
    }

    /**
     * Changes a topic's configuration overrides. {@code change} receives the current overrides and
     * returns the complete new set (it may throw ApiErrorException to refuse); the result is
     * validated, made durable as a TopicConfigsChanged record, and then applied to every open
     * partition log (and its storage settings such as segment.bytes), so every setting acts at once. Changes are
     * serialized with every other topic change, so concurrent alterations never lose each other's updates.
     */
    public synchronized CompletionStage<Topic> alterConfigs(Topic topic, UnaryOperator<Map<String, String>> change) {
        CompletableFuture<Topic> result = lastChange.handle((ignored, failure) -> null).thenCompose(ignored -> {
            Topic current = registry.byId(topic.id()).orElseThrow(() -> new ApiErrorException(
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + topic.name() + "' does not exist."));
            Map<String, String> overrides = Map.copyOf(change.apply(current.configs()));
            TopicConfig config = validateConfigs(overrides);
            var record = new MetadataRecord.TopicConfigsChanged(current.id(), overrides);
            return metadataLog.append(List.of(record)).thenCompose(appended -> {
                registry.apply(record);
                List<CompletableFuture<Void>> applying = new ArrayList<>();
                for (int partition = 0; partition < current.partitions(); partition++) {
                    logs.log(current.id(), partition)
                            .ifPresent(open -> applying.add(logs.reconfigure(open, config).toCompletableFuture()));
                }
                return CompletableFuture.allOf(applying.toArray(CompletableFuture[]::new));
            }).thenApply(applied -> {
                log.info("Changed the configuration of topic {} to {}", current.name(), overrides);
                return registry.byId(current.id()).orElseThrow();
            });
        });
        lastChange = result;
        return result;
    }

    /**
     * Checks a partition increase without making it; throws ApiErrorException with Kafka's code
     * and message.
     *
     * @param assignments the replicas of each new partition, or null to let the broker choose
     */
    public void validatePartitionIncrease(Topic topic, int count, List<List<Integer>> assignments) {
        checkIncrease(topic, count);
        if (count > MAX_PARTITIONS) {
            throw new ApiErrorException(ErrorCode.INVALID_PARTITIONS,
                    "The topic " + topic.name() + " cannot have more than " + MAX_PARTITIONS + " partitions.");
        }
        if (assignments == null) {
            return;
        }
        int additional = count - topic.partitions();
        if (assignments.size() != additional) {
            throw new ApiErrorException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Attempted to add " + additional
                    + " additional partition(s), but only " + assignments.size() + " assignment(s) were specified.");
        }
        for (List<Integer> replicas : assignments) {
            if (replicas.isEmpty()) {
                throw new ApiErrorException(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                        "The manual partition assignment includes an empty replica list.");
            }
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int broker : replicas) {
                if (!seen.add(broker)) {
                    throw new ApiErrorException(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                            "The manual partition assignment includes the broker " + broker + " more than once.");
                }
            }
            for (int broker : replicas) {
                if (broker != nodeId) {
                    throw new ApiErrorException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment "
                            + "includes broker " + broker + ", but no such broker is registered.");
                }
            }
        }
    }

    /**
     * Raises a topic's partition count to {@code count} (CreatePartitions); completes once the
     * increase is durable and the new partitions' logs are open, which is when clients see them.
     */
    public synchronized CompletionStage<Topic> createPartitions(Topic topic, int count) {
        CompletableFuture<Topic> result = lastChange.handle((ignored, failure) -> null).thenCompose(ignored -> {
            Topic current = registry.byId(topic.id()).orElseThrow(() -> new ApiErrorException(
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic-partition."));
            checkIncrease(current, count);
            var record = new MetadataRecord.PartitionsIncreased(current.id(), count);
            return metadataLog.append(List.of(record)).thenCompose(appended -> {
                Topic grown = new Topic(current.name(), current.id(), count, current.configs());
                return openLogs(grown, current.partitions()).thenApply(opened -> {
                    registry.apply(record);
                    log.info("Increased the partitions of topic {} from {} to {}", current.name(), current.partitions(), count);
                    return grown;
                });
            });
        });
        lastChange = result;
        return result;
    }

    private static void checkIncrease(Topic topic, int count) {
        if (count == topic.partitions()) {
            throw new ApiErrorException(ErrorCode.INVALID_PARTITIONS, "Topic already has " + count + " partition(s).");
        }
        if (count < topic.partitions()) {
            throw new ApiErrorException(ErrorCode.INVALID_PARTITIONS, "The topic " + topic.name() + " currently has "
                    + topic.partitions() + " partition(s); " + count + " would not be an increase.");
        }
    }

    public Optional<Log> log(Topic topic, int partition) {
        return logs.log(topic.id(), partition);
    }

    public TopicConfig config(Topic topic) {
        return TopicConfig.resolve(defaults, topic.configs());
    }

    private CompletionStage<Void> openLogs(Topic topic, int fromPartition) {
        TopicConfig config = config(topic);
        List<CompletableFuture<Log>> opening = new ArrayList<>();
        for (int partition = fromPartition; partition < topic.partitions(); partition++) {
            opening.add(logs.open(new TopicPartitionId(topic.name(), topic.id(), partition), config).toCompletableFuture());
        }
        return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new));
    }

    /** A random id that is not Kafka's reserved zero or metadata id and does not collide. */
    private UUID newTopicId() {
        while (true) {
            UUID id = UUID.randomUUID();
            if (!id.equals(MetadataLog.TOPIC_ID) && registry.byId(id).isEmpty()) {
                return id;
            }
        }
    }

    /** A creation that passed validation. */
    public record NewTopic(String name, int partitions, Map<String, String> overrides, TopicConfig config) {
        public NewTopic {
            overrides = Map.copyOf(overrides);
        }
    }
}
