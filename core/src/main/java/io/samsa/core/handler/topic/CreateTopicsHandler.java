package io.samsa.core.handler.topic;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.LogConfig;
import io.samsa.core.config.TopicConfig;
import io.samsa.core.dispatch.ErrorMapping;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.TopicManager;
import io.samsa.core.partition.TopicManager.NewTopic;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.CreateTopicsRequestData;
import io.samsa.protocol.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import io.samsa.protocol.message.CreateTopicsRequestData.CreatableTopic;
import io.samsa.protocol.message.CreateTopicsRequestData.CreatableTopicConfig;
import io.samsa.protocol.message.CreateTopicsResponseData;
import io.samsa.protocol.message.CreateTopicsResponseData.CreatableTopicConfigs;
import io.samsa.protocol.message.CreateTopicsResponseData.CreatableTopicResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Creates topics, each with its own result; validate_only checks without creating. */
public final class CreateTopicsHandler implements RequestHandler<CreateTopicsRequestData, CreateTopicsResponseData> {
    /** DescribeConfigs' config sources, as CreateTopics v5+ reports them. */
    private static final byte SOURCE_TOPIC = 1;
    private static final byte SOURCE_DEFAULT = 5;

    private final TopicManager topics;
    private final LogConfig defaults;

    @Inject
    public CreateTopicsHandler(TopicManager topics, LogConfig defaults) {
        this.topics = requireNonNull(topics, "topics is null");
        this.defaults = requireNonNull(defaults, "defaults is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPICS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(2, 7);
    }

    @Override
    public CompletionStage<CreateTopicsResponseData> handle(RequestContext context, CreateTopicsRequestData request) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        request.topics().forEach(topic -> {
            if (!seen.add(topic.name())) {
                duplicated.add(topic.name());
            }
        });
        List<CompletableFuture<CreatableTopicResult>> results = new ArrayList<>();
        for (CreatableTopic topic : request.topics()) {
            if (duplicated.contains(topic.name())) {
                results.add(CompletableFuture.completedFuture(failed(topic.name(), ErrorCode.INVALID_REQUEST,
                        "Create topics request from client contains duplicate topic " + topic.name())));
                continue;
            }
            results.add(createOne(topic, request.validateOnly()));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<CreatableTopicResult> answers = new ArrayList<>();
            results.forEach(result -> answers.add(result.join()));
            return new CreateTopicsResponseData().setTopics(answers);
        });
    }

    private CompletableFuture<CreatableTopicResult> createOne(CreatableTopic topic, boolean validateOnly) {
        NewTopic validated;
        try {
            validated = topics.validate(topic.name(), topic.numPartitions(), topic.replicationFactor(),
                    assignments(topic.assignments()), configs(topic.configs()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(topic.name(), ErrorMapping.toErrorCode(e), ErrorMapping.toMessage(e)));
        }
        if (validateOnly) {
            return CompletableFuture.completedFuture(success(validated, null));
        }
        return topics.create(validated).toCompletableFuture()
                .thenApply(created -> success(validated, created.id()))
                .exceptionally(failure -> failed(topic.name(), ErrorMapping.toErrorCode(failure), ErrorMapping.toMessage(failure)));
    }

    private CreatableTopicResult success(NewTopic topic, java.util.UUID id) {
        List<CreatableTopicConfigs> configs = new ArrayList<>();
        for (String name : TopicConfig.names()) {
            boolean overridden = topic.overrides().containsKey(name);
            configs.add(new CreatableTopicConfigs()
                    .setName(name)
                    .setValue(overridden ? topic.overrides().get(name) : TopicConfig.defaultValue(name, defaults))
                    .setReadOnly(false)
                    .setConfigSource(overridden ? SOURCE_TOPIC : SOURCE_DEFAULT)
                    .setIsSensitive(false));
        }
        CreatableTopicResult result = new CreatableTopicResult()
                .setName(topic.name())
                .setErrorCode(ErrorCode.NONE.code())
                .setNumPartitions(topic.partitions())
                .setReplicationFactor((short) 1)
                .setConfigs(configs);
        if (id != null) {
            result.setTopicId(id);
        }
        return result;
    }

    private static CreatableTopicResult failed(String name, ErrorCode error, String message) {
        return new CreatableTopicResult().setName(name).setErrorCode(error.code()).setErrorMessage(message);
    }

    @Override
    public CreateTopicsResponseData errorResponse(
            RequestContext context, CreateTopicsRequestData request, ErrorCode error, String message) {
        List<CreatableTopicResult> answers = new ArrayList<>();
        request.topics().forEach(topic -> answers.add(failed(topic.name(), error, message)));
        return new CreateTopicsResponseData().setTopics(answers);
    }

    private static Map<Integer, List<Integer>> assignments(List<CreatableReplicaAssignment> assignments) {
        Map<Integer, List<Integer>> result = new HashMap<>();
        assignments.forEach(assignment -> result.put(assignment.partitionIndex(), List.copyOf(assignment.brokerIds())));
        return result;
    }

    private static Map<String, String> configs(List<CreatableTopicConfig> configs) {
        Map<String, String> result = new LinkedHashMap<>();
        configs.forEach(config -> result.put(config.name(), config.value()));
        return result;
    }
}
