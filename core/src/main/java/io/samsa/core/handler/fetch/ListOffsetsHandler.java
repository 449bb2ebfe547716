package io.samsa.core.handler.fetch;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.api.storage.LogSlice;
import io.samsa.core.dispatch.ErrorMapping;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.handler.cluster.MetadataHandler;
import io.samsa.core.log.Log;
import io.samsa.core.log.LogSlices;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ListOffsetsRequestData;
import io.samsa.protocol.message.ListOffsetsRequestData.ListOffsetsPartition;
import io.samsa.protocol.message.ListOffsetsRequestData.ListOffsetsTopic;
import io.samsa.protocol.message.ListOffsetsResponseData;
import io.samsa.protocol.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import io.samsa.protocol.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Offsets by position (earliest, latest) or by record timestamp. */
public final class ListOffsetsHandler implements RequestHandler<ListOffsetsRequestData, ListOffsetsResponseData> {
    static final long LATEST = -1;
    static final long EARLIEST = -2;
    static final long MAX_TIMESTAMP = -3;
    static final long EARLIEST_LOCAL = -4;
    static final long LATEST_TIERED = -5;
    private static final long UNKNOWN = -1;
    private static final int SCAN_BYTES = 1024 * 1024;

    private final TopicManager topics;

    @Inject
    public ListOffsetsHandler(TopicManager topics) {
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_OFFSETS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(1, 11);
    }

    @Override
    public CompletionStage<ListOffsetsResponseData> handle(RequestContext context, ListOffsetsRequestData request) {
        List<ListOffsetsTopicResponse> answers = new ArrayList<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (ListOffsetsTopic topic : request.topics()) {
            Optional<Topic> found = topics.registry().byName(topic.name());
            ListOffsetsTopicResponse answer = new ListOffsetsTopicResponse().setName(topic.name()).setPartitions(new ArrayList<>());
            answers.add(answer);
            for (ListOffsetsPartition partition : topic.partitions()) {
                ListOffsetsPartitionResponse result = new ListOffsetsPartitionResponse()
                        .setPartitionIndex(partition.partitionIndex()).setTimestamp(UNKNOWN).setOffset(UNKNOWN);
                answer.partitions().add(result);
                Optional<Log> log = found.flatMap(known -> topics.log(known, partition.partitionIndex()));
                if (log.isEmpty()) {
                    result.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else if (partition.currentLeaderEpoch() > MetadataHandler.LEADER_EPOCH) {
                    result.setErrorCode(ErrorCode.UNKNOWN_LEADER_EPOCH.code());
                } else {
                    pending.add(lookUp(log.get(), partition.timestamp(), result).toCompletableFuture());
                }
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    if (context.apiVersion() < 4) {
                        // leader_epoch exists from v4; older versions (librdkafka 2.0 sends v2) must not carry it
                        answers.forEach(answer -> answer.partitions().forEach(partition -> partition.setLeaderEpoch(-1)));
                    }
                    return new ListOffsetsResponseData().setTopics(answers);
                });
    }

    private CompletionStage<Void> lookUp(Log log, long timestamp, ListOffsetsPartitionResponse result) {
        result.setErrorCode(ErrorCode.NONE.code()).setLeaderEpoch(MetadataHandler.LEADER_EPOCH);
        if (timestamp == LATEST) {
            result.setOffset(log.highWatermark());
            return CompletableFuture.completedFuture(null);
        }
        if (timestamp == EARLIEST || timestamp == EARLIEST_LOCAL) {
            result.setOffset(log.logStartOffset());
            return CompletableFuture.completedFuture(null);
        }
        if (timestamp == LATEST_TIERED) {
            return CompletableFuture.completedFuture(null);
        }
        if (timestamp == MAX_TIMESTAMP) {
            return scan(log, log.logStartOffset(), Long.MIN_VALUE, true, result);
        }
        if (timestamp < 0) {
            result.setErrorCode(ErrorCode.INVALID_REQUEST.code());
            return CompletableFuture.completedFuture(null);
        }
        return log.offsetForTimestamp(timestamp).thenCompose(batchOffset -> batchOffset.isPresent()
                ? scan(log, batchOffset.getAsLong(), timestamp, false, result)
                : CompletableFuture.completedFuture(null));
    }

    /**
     * Reads records from {@code from} to the high watermark: the first with a timestamp at or after
     * {@code target}, or (when {@code wantMax}) the one with the largest timestamp (the earliest of ties).
     */
    private CompletionStage<Void> scan(Log log, long from, long target, boolean wantMax, ListOffsetsPartitionResponse result) {
        if (from >= log.highWatermark()) {
            return CompletableFuture.completedFuture(null);
        }
        return log.read(from, SCAN_BYTES, true).handle((slice, failure) -> {
            if (failure != null) {
                result.setErrorCode(ErrorMapping.toErrorCode(failure).code());
                return OptionalLong.empty();
            }
            try (LogSlice owned = slice) {
                RecordBatchIterator batches = new RecordBatchIterator(LogSlices.copy(owned));
                while (batches.hasNext()) {
                    RecordBatch batch = batches.next();
                    if (!wantMax && batch.maxTimestamp() < target) {
                        continue;
                    }
                    if (wantMax && batch.maxTimestamp() <= result.timestamp() && result.offset() != UNKNOWN) {
                        continue;
                    }
                    for (Record record : batch.records(Integer.MAX_VALUE)) {
                        if (wantMax ? record.timestamp() > result.timestamp() || result.offset() == UNKNOWN
                                : record.timestamp() >= target) {
                            result.setOffset(record.offset()).setTimestamp(record.timestamp());
                            if (!wantMax) {
                                return OptionalLong.empty();
                            }
                        }
                    }
                }
                return owned.nextOffset() > from ? OptionalLong.of(owned.nextOffset()) : OptionalLong.empty();
            }
        }).thenCompose(next -> next.isPresent()
                ? scan(log, next.getAsLong(), target, wantMax, result)
                : CompletableFuture.completedFuture(null));
    }

    @Override
    public ListOffsetsResponseData errorResponse(RequestContext context, ListOffsetsRequestData request, ErrorCode error, String message) {
        List<ListOffsetsTopicResponse> answers = new ArrayList<>();
        for (ListOffsetsTopic topic : request.topics()) {
            List<ListOffsetsPartitionResponse> partitions = new ArrayList<>();
            topic.partitions().forEach(partition -> partitions.add(new ListOffsetsPartitionResponse()
                    .setPartitionIndex(partition.partitionIndex()).setErrorCode(error.code())
                    .setTimestamp(UNKNOWN).setOffset(UNKNOWN)));
            answers.add(new ListOffsetsTopicResponse().setName(topic.name()).setPartitions(partitions));
        }
        return new ListOffsetsResponseData().setTopics(answers);
    }
}
