package io.samsa.core.handler.fetch;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.dispatch.ErrorMapping;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.handler.cluster.MetadataHandler;
import io.samsa.core.log.BatchScan;
import io.samsa.core.log.Log;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Offsets by position (earliest, latest) or by record timestamp. As in Kafka, a read_committed
 * request (isolation level 1) sees the log only up to the last stable offset: LATEST is the LSO
 * and a timestamp lookup that lands at or above it finds nothing.
 */
public final class ListOffsetsHandler implements RequestHandler<ListOffsetsRequestData, ListOffsetsResponseData> {
    static final long LATEST = -1;
    static final long EARLIEST = -2;
    static final long MAX_TIMESTAMP = -3;
    static final long EARLIEST_LOCAL = -4;
    static final long LATEST_TIERED = -5;
    private static final long UNKNOWN = -1;
    private static final int SCAN_BYTES = 1024 * 1024;
    private static final byte READ_COMMITTED = 1;

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
        boolean readCommitted = request.isolationLevel() == READ_COMMITTED;
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
                    pending.add(lookUp(log.get(), partition.timestamp(), readCommitted, result).toCompletableFuture());
                    if (context.apiVersion() >= 4) {
                        // Absent before v4 and not ignorable there: setting it would make v1-3 unwritable.
                        result.setLeaderEpoch(MetadataHandler.LEADER_EPOCH);
                    }
                }
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> new ListOffsetsResponseData().setTopics(answers));
    }

    private CompletionStage<Void> lookUp(Log log, long timestamp, boolean readCommitted, ListOffsetsPartitionResponse result) {
        result.setErrorCode(ErrorCode.NONE.code());
        long lastFetchable = readCommitted ? log.lastStableOffset() : log.highWatermark();
        if (timestamp == LATEST) {
            result.setOffset(lastFetchable);
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
            return scan(log, log.logStartOffset(), Long.MIN_VALUE, true, result)
                    .thenRun(() -> forgetAtOrAbove(lastFetchable, result));
        }
        if (timestamp < 0) {
            result.setErrorCode(ErrorCode.INVALID_REQUEST.code());
            return CompletableFuture.completedFuture(null);
        }
        return log.offsetForTimestamp(timestamp).thenCompose(batchOffset -> batchOffset.isPresent()
                ? scan(log, batchOffset.getAsLong(), timestamp, false, result)
                : CompletableFuture.<Void>completedFuture(null))
                .thenRun(() -> forgetAtOrAbove(lastFetchable, result));
    }

    /** Kafka answers a lookup only with an offset the requested isolation level may read. */
    private static void forgetAtOrAbove(long lastFetchable, ListOffsetsPartitionResponse result) {
        if (result.offset() >= lastFetchable) {
            result.setOffset(UNKNOWN).setTimestamp(UNKNOWN);
        }
    }

    /**
     * Reads records from {@code from} to the high watermark: the first with a timestamp at or after
     * {@code target}, or (when {@code wantMax}) the earliest one with the largest timestamp.
     */
    private CompletionStage<Void> scan(Log log, long from, long target, boolean wantMax, ListOffsetsPartitionResponse result) {
        return BatchScan.scan((offset, maxBytes) -> log.read(offset, maxBytes, true), from, log.highWatermark(), SCAN_BYTES,
                batch -> wantMax ? keepLargest(batch, result) : findFirstAtOrAfter(batch, target, result))
                .exceptionally(failure -> {
                    result.setErrorCode(ErrorMapping.toErrorCode(failure).code()).setOffset(UNKNOWN).setTimestamp(UNKNOWN);
                    return null;
                });
    }

    private static boolean keepLargest(RecordBatch batch, ListOffsetsPartitionResponse result) {
        boolean none = result.offset() == UNKNOWN;
        if (none || batch.maxTimestamp() > result.timestamp()) {
            for (Record record : batch.records(Integer.MAX_VALUE)) {
                if (result.offset() == UNKNOWN || record.timestamp() > result.timestamp()) {
                    result.setOffset(record.offset()).setTimestamp(record.timestamp());
                }
            }
        }
        return true;
    }

    /** Returns false (stop) once found. */
    private static boolean findFirstAtOrAfter(RecordBatch batch, long target, ListOffsetsPartitionResponse result) {
        if (batch.maxTimestamp() < target) {
            return true;
        }
        for (Record record : batch.records(Integer.MAX_VALUE)) {
            if (record.timestamp() >= target) {
                result.setOffset(record.offset()).setTimestamp(record.timestamp());
                return false;
            }
        }
        return true;
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
