package io.samsa.core.handler.cluster;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.auth.AuthorizedOperations;
import io.samsa.core.cluster.LocalBroker;
import io.samsa.core.config.LogConfig;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.log.LogDirectories;
import io.samsa.core.log.TopicNames;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.MetadataRequestData;
import io.samsa.protocol.message.MetadataRequestData.MetadataRequestTopic;
import io.samsa.protocol.message.MetadataResponseData;
import io.samsa.protocol.message.MetadataResponseData.MetadataResponseBroker;
import io.samsa.protocol.message.MetadataResponseData.MetadataResponsePartition;
import io.samsa.protocol.message.MetadataResponseData.MetadataResponseTopic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brokers, cluster id, controller and topics. The broker list holds this broker's endpoint on the
 * listener the request came in on, as Kafka does. This broker leads every partition.
 */
public final class MetadataHandler implements RequestHandler<MetadataRequestData, MetadataResponseData> {
    private static final Logger log = LoggerFactory.getLogger(MetadataHandler.class);
    /** The leader epoch of every partition: a single broker never changes leaders. */
    public static final int LEADER_EPOCH = 0;

    private final LocalBroker localBroker;
    private final LogDirectories logDirectories;
    private final TopicManager topics;
    private final LogConfig defaults;

    @Inject
    public MetadataHandler(LocalBroker localBroker, LogDirectories logDirectories, TopicManager topics, LogConfig defaults) {
        this.localBroker = requireNonNull(localBroker, "localBroker is null");
        this.logDirectories = requireNonNull(logDirectories, "logDirectories is null");
        this.topics = requireNonNull(topics, "topics is null");
        this.defaults = requireNonNull(defaults, "defaults is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 13);
    }

    @Override
    public CompletionStage<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
        boolean includeTopicOperations = request.includeTopicAuthorizedOperations();
        List<MetadataResponseTopic> answers = new ArrayList<>();
        boolean allTopics = request.topics() == null || (context.apiVersion() == 0 && request.topics().isEmpty());
        if (allTopics) {
            Collection<Topic> known = topics.registry().all();
            known.stream().sorted(Comparator.comparing(Topic::name)).forEach(topic -> answers.add(describe(topic)));
        } else {
            // Before v4 there was no flag: clients always asked for auto-creation.
            boolean mayCreate = defaults.autoCreateTopics() && (context.apiVersion() < 4 || request.allowAutoTopicCreation());
            for (MetadataRequestTopic requested : request.topics()) {
                answers.add(answer(requested, mayCreate));
            }
        }
        if (includeTopicOperations) {
            answers.forEach(topic -> topic.setTopicAuthorizedOperations(AuthorizedOperations.allOnTopic()));
        }
        MetadataResponseData response = baseResponse(context).setTopics(answers);
        if (request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(AuthorizedOperations.allOnCluster());
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public MetadataResponseData errorResponse(
            RequestContext context, MetadataRequestData request, ErrorCode error, String message) {
        List<MetadataResponseTopic> answers = new ArrayList<>();
        if (request.topics() != null) {
            for (MetadataRequestTopic topic : request.topics()) {
                answers.add(new MetadataResponseTopic()
                        .setName(topic.name())
                        .setTopicId(topic.topicId())
                        .setErrorCode(error.code()));
            }
        }
        return baseResponse(context).setTopics(answers);
    }

    private MetadataResponseTopic answer(MetadataRequestTopic requested, boolean mayCreate) {
        boolean byId = requested.topicId() != null
                && (requested.topicId().getMostSignificantBits() != 0 || requested.topicId().getLeastSignificantBits() != 0);
        if (requested.name() == null || (byId && requested.name().isEmpty())) {
            // By topic id (v12+): Kafka's clients leave the name empty or null.
            return topics.registry().byId(requested.topicId()).map(this::describe)
                    .orElseGet(() -> error(requested, ErrorCode.UNKNOWN_TOPIC_ID));
        }
        Optional<Topic> topic = topics.registry().byName(requested.name());
        if (topic.isPresent()) {
            return describe(topic.get());
        }
        if (TopicNames.invalidReason(requested.name()).isPresent()) {
            return error(requested, ErrorCode.INVALID_TOPIC_EXCEPTION);
        }
        if (mayCreate) {
            autoCreate(requested.name());
        }
        // Kafka answers UNKNOWN_TOPIC_OR_PARTITION while an auto-created topic is still being made.
        return error(requested, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }

    private void autoCreate(String name) {
        try {
            topics.create(topics.validate(name, -1, (short) -1, Map.of(), Map.of())).whenComplete((created, failure) -> {
                if (failure != null) {
                    log.debug("Auto-creation of topic {} did not happen: {}", name, failure.getMessage());
                }
            });
        } catch (RuntimeException e) {
            log.debug("Topic {} cannot be auto-created: {}", name, e.getMessage());
        }
    }

    private MetadataResponseTopic describe(Topic topic) {
        List<MetadataResponsePartition> partitions = new ArrayList<>();
        int leader = localBroker.nodeId();
        for (int partition = 0; partition < topic.partitions(); partition++) {
            partitions.add(new MetadataResponsePartition()
                    .setErrorCode(ErrorCode.NONE.code())
                    .setPartitionIndex(partition)
                    .setLeaderId(leader)
                    .setLeaderEpoch(LEADER_EPOCH)
                    .setReplicaNodes(new ArrayList<>(List.of(leader)))
                    .setIsrNodes(new ArrayList<>(List.of(leader)))
                    .setOfflineReplicas(new ArrayList<>()));
        }
        return new MetadataResponseTopic()
                .setErrorCode(ErrorCode.NONE.code())
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(topic.isInternal())
                .setPartitions(partitions);
    }

    private static MetadataResponseTopic error(MetadataRequestTopic requested, ErrorCode error) {
        return new MetadataResponseTopic()
                .setName(requested.name())
                .setTopicId(requested.topicId())
                .setErrorCode(error.code());
    }

    private MetadataResponseData baseResponse(RequestContext context) {
        List<MetadataResponseBroker> brokers = new ArrayList<>();
        localBroker.endpoint(context.listenerName()).ifPresent(endpoint -> brokers.add(new MetadataResponseBroker()
                .setNodeId(localBroker.nodeId())
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setRack(localBroker.rack().orElse(null))));
        return new MetadataResponseData()
                .setBrokers(brokers)
                .setClusterId(logDirectories.clusterId())
                .setControllerId(localBroker.nodeId());
    }
}
