package io.samsa.core.handler.topic;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.dispatch.ErrorMapping;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.log.Log;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DeleteRecordsRequestData;
import io.samsa.protocol.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import io.samsa.protocol.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import io.samsa.protocol.message.DeleteRecordsResponseData;
import io.samsa.protocol.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import io.samsa.protocol.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Deletes the records of partitions below an offset by raising their log start offset (offset -1
 * means the high watermark); answers each partition with its new low watermark. Storage below it
 * is reclaimed by the engine.
 */
public final class DeleteRecordsHandler implements RequestHandler<DeleteRecordsRequestData, DeleteRecordsResponseData> {
    private static final long UNKNOWN = -1;

    private final TopicManager topics;

    @Inject
    public DeleteRecordsHandler(TopicManager topics) {
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_RECORDS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 2);
    }

    @Override
    public CompletionStage<DeleteRecordsResponseData> handle(RequestContext context, DeleteRecordsRequestData request) {
        List<DeleteRecordsTopicResult> answers = new ArrayList<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (DeleteRecordsTopic topic : request.topics()) {
            DeleteRecordsTopicResult answer = new DeleteRecordsTopicResult().setName(topic.name()).setPartitions(new ArrayList<>());
            answers.add(answer);
            for (DeleteRecordsPartition partition : topic.partitions()) {
                DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult()
                        .setPartitionIndex(partition.partitionIndex()).setLowWatermark(UNKNOWN);
                answer.partitions().add(result);
                Optional<Log> log = topics.registry().byName(topic.name())
                        .flatMap(known -> topics.log(known, partition.partitionIndex()));
                if (log.isEmpty()) {
                    result.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                pending.add(log.get().deleteRecordsBefore(partition.offset()).toCompletableFuture().handle((start, failure) -> {
                    if (failure != null) {
                        result.setErrorCode(ErrorMapping.toErrorCode(failure).code());
                    } else {
                        result.setErrorCode(ErrorCode.NONE.code()).setLowWatermark(start);
                    }
                    return null;
                }));
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> new DeleteRecordsResponseData().setTopics(answers));
    }

    @Override
    public DeleteRecordsResponseData errorResponse(
            RequestContext context, DeleteRecordsRequestData request, ErrorCode error, String message) {
        List<DeleteRecordsTopicResult> answers = new ArrayList<>();
        for (DeleteRecordsTopic topic : request.topics()) {
            List<DeleteRecordsPartitionResult> partitions = new ArrayList<>();
            topic.partitions().forEach(partition -> partitions.add(new DeleteRecordsPartitionResult()
                    .setPartitionIndex(partition.partitionIndex()).setLowWatermark(UNKNOWN).setErrorCode(error.code())));
            answers.add(new DeleteRecordsTopicResult().setName(topic.name()).setPartitions(partitions));
        }
        return new DeleteRecordsResponseData().setTopics(answers);
    }
}
