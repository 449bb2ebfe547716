package io.samsa.core.handler.cluster;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.auth.AuthorizedOperations;
import io.samsa.core.cluster.LocalBroker;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.log.LogDirectories;
import io.samsa.core.log.TopicNames;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.MetadataRequestData;
import io.samsa.protocol.message.MetadataRequestData.MetadataRequestTopic;
import io.samsa.protocol.message.MetadataResponseData;
import io.samsa.protocol.message.MetadataResponseData.MetadataResponseBroker;
import io.samsa.protocol.message.MetadataResponseData.MetadataResponseTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Brokers, cluster id, controller and topics. The broker list holds this broker's endpoint on the
 * listener the request came in on, as Kafka does. There are no topics yet: every named topic is
 * answered as unknown until topic management lands.
 */
public final class MetadataHandler implements RequestHandler<MetadataRequestData, MetadataResponseData> {
    private final LocalBroker localBroker;
    private final LogDirectories logDirectories;

    @Inject
    public MetadataHandler(LocalBroker localBroker, LogDirectories logDirectories) {
        this.localBroker = requireNonNull(localBroker, "localBroker is null");
        this.logDirectories = requireNonNull(logDirectories, "logDirectories is null");
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
        List<MetadataResponseTopic> topics = new ArrayList<>();
        // v0 has no null list: an empty one means "all topics", which is none yet either way.
        if (request.topics() != null) {
            for (MetadataRequestTopic topic : request.topics()) {
                MetadataResponseTopic answer = unknownTopic(topic);
                if (request.includeTopicAuthorizedOperations()) {
                    answer.setTopicAuthorizedOperations(AuthorizedOperations.allOnTopic());
                }
                topics.add(answer);
            }
        }
        MetadataResponseData response = baseResponse(context).setTopics(topics);
        if (request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(AuthorizedOperations.allOnCluster());
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public MetadataResponseData errorResponse(
            RequestContext context, MetadataRequestData request, ErrorCode error, String message) {
        List<MetadataResponseTopic> topics = new ArrayList<>();
        if (request.topics() != null) {
            for (MetadataRequestTopic topic : request.topics()) {
                topics.add(new MetadataResponseTopic()
                        .setName(topic.name())
                        .setTopicId(topic.topicId())
                        .setErrorCode(error.code()));
            }
        }
        return baseResponse(context).setTopics(topics);
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

    /**
     * A topic this broker does not have. Kafka answers a legal new name with UNKNOWN_TOPIC_OR_PARTITION
     * even when it starts creating it, so this is also its first answer under auto-creation.
     */
    private static MetadataResponseTopic unknownTopic(MetadataRequestTopic topic) {
        ErrorCode error;
        if (topic.name() == null) {
            error = ErrorCode.UNKNOWN_TOPIC_ID;
        } else if (TopicNames.invalidReason(topic.name()).isPresent()) {
            error = ErrorCode.INVALID_TOPIC_EXCEPTION;
        } else {
            error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        return new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.topicId())
                .setErrorCode(error.code());
    }
}
