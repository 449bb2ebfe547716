package io.samsa.core.handler.topic;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.dispatch.ErrorMapping;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.CreatePartitionsRequestData;
import io.samsa.protocol.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import io.samsa.protocol.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import io.samsa.protocol.message.CreatePartitionsResponseData;
import io.samsa.protocol.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Adds partitions to existing topics (never removes any), each topic with its own result;
 * validate_only checks without changing anything. New partitions are open for produce and fetch
 * once the answer is sent.
 */
public final class CreatePartitionsHandler implements RequestHandler<CreatePartitionsRequestData, CreatePartitionsResponseData> {
    private final TopicManager topics;

    @Inject
    public CreatePartitionsHandler(TopicManager topics) {
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_PARTITIONS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 3);
    }

    @Override
    public CompletionStage<CreatePartitionsResponseData> handle(RequestContext context, CreatePartitionsRequestData request) {
        Map<String, Integer> occurrences = new HashMap<>();
        request.topics().forEach(topic -> occurrences.merge(topic.name(), 1, Integer::sum));
        Set<String> answered = new LinkedHashSet<>();
        List<CompletableFuture<CreatePartitionsTopicResult>> results = new ArrayList<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            if (!answered.add(topic.name())) {
                continue; // Kafka answers a duplicated topic once
            }
            if (occurrences.get(topic.name()) > 1) {
                results.add(CompletableFuture.completedFuture(
                        result(topic.name(), ErrorCode.INVALID_REQUEST, "Duplicate topic name.")));
                continue;
            }
            results.add(increase(topic, request.validateOnly()));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored ->
                new CreatePartitionsResponseData().setResults(new ArrayList<>(results.stream().map(CompletableFuture::join).toList())));
    }

    private CompletableFuture<CreatePartitionsTopicResult> increase(CreatePartitionsTopic request, boolean validateOnly) {
        Optional<Topic> topic = topics.registry().byName(request.name());
        if (topic.isEmpty()) {
            return CompletableFuture.completedFuture(result(request.name(), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null));
        }
        try {
            List<List<Integer>> assignments = request.assignments() == null ? null
                    : request.assignments().stream().map(CreatePartitionsAssignment::brokerIds).toList();
            topics.validatePartitionIncrease(topic.get(), request.count(), assignments);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(result(request.name(), ErrorMapping.toErrorCode(e), ErrorMapping.toMessage(e)));
        }
        if (validateOnly) {
            return CompletableFuture.completedFuture(result(request.name(), ErrorCode.NONE, null));
        }
        return topics.createPartitions(topic.get(), request.count()).toCompletableFuture()
                .thenApply(grown -> result(request.name(), ErrorCode.NONE, null))
                .exceptionally(failure -> result(request.name(), ErrorMapping.toErrorCode(failure), ErrorMapping.toMessage(failure)));
    }

    private static CreatePartitionsTopicResult result(String name, ErrorCode error, String message) {
        return new CreatePartitionsTopicResult().setName(name).setErrorCode(error.code()).setErrorMessage(message);
    }

    @Override
    public CreatePartitionsResponseData errorResponse(
            RequestContext context, CreatePartitionsRequestData request, ErrorCode error, String message) {
        List<CreatePartitionsTopicResult> results = new ArrayList<>();
        request.topics().forEach(topic -> results.add(result(topic.name(), error, message)));
        return new CreatePartitionsResponseData().setResults(results);
    }
}
