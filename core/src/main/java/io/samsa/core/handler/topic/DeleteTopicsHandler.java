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
import io.samsa.protocol.message.DeleteTopicsRequestData;
import io.samsa.protocol.message.DeleteTopicsRequestData.DeleteTopicState;
import io.samsa.protocol.message.DeleteTopicsResponseData;
import io.samsa.protocol.message.DeleteTopicsResponseData.DeletableTopicResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Deletes topics by name (v1-5) or by name or id (v6+), each with its own result. */
public final class DeleteTopicsHandler implements RequestHandler<DeleteTopicsRequestData, DeleteTopicsResponseData> {
    private final TopicManager topics;

    @Inject
    public DeleteTopicsHandler(TopicManager topics) {
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_TOPICS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(1, 6);
    }

    @Override
    public CompletionStage<DeleteTopicsResponseData> handle(RequestContext context, DeleteTopicsRequestData request) {
        List<CompletableFuture<DeletableTopicResult>> results = new ArrayList<>();
        for (DeleteTopicState wanted : requested(context, request)) {
            DeletableTopicResult result = new DeletableTopicResult().setName(wanted.name()).setTopicId(wanted.topicId());
            Optional<Topic> topic;
            ErrorCode missing;
            if (wanted.name() != null) {
                topic = topics.registry().byName(wanted.name());
                missing = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            } else {
                topic = topics.registry().byId(wanted.topicId());
                missing = ErrorCode.UNKNOWN_TOPIC_ID;
            }
            if (topic.isEmpty()) {
                results.add(CompletableFuture.completedFuture(result.setErrorCode(missing.code())
                        .setErrorMessage(missing == ErrorCode.UNKNOWN_TOPIC_ID ? "This server does not host this topic ID."
                                : "This server does not host this topic-partition.")));
                continue;
            }
            Topic found = topic.get();
            result.setName(found.name()).setTopicId(found.id());
            results.add(topics.delete(found).toCompletableFuture()
                    .thenApply(ignored -> result.setErrorCode(ErrorCode.NONE.code()))
                    .exceptionally(failure -> result.setErrorCode(ErrorMapping.toErrorCode(failure).code())
                            .setErrorMessage(ErrorMapping.toMessage(failure))));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored ->
                new DeleteTopicsResponseData().setResponses(new ArrayList<>(results.stream().map(CompletableFuture::join).toList())));
    }

    @Override
    public DeleteTopicsResponseData errorResponse(RequestContext context, DeleteTopicsRequestData request, ErrorCode error, String message) {
        List<DeletableTopicResult> results = new ArrayList<>();
        requested(context, request).forEach(wanted -> results.add(new DeletableTopicResult().setName(wanted.name())
                .setTopicId(wanted.topicId()).setErrorCode(error.code()).setErrorMessage(message)));
        return new DeleteTopicsResponseData().setResponses(results);
    }

    /** Both request forms as one list: v1-5 name topics only, v6 names or ids. */
    private static List<DeleteTopicState> requested(RequestContext context, DeleteTopicsRequestData request) {
        if (context.apiVersion() >= 6) {
            return request.topics();
        }
        return request.topicNames().stream().map(name -> new DeleteTopicState().setName(name)).toList();
    }
}
