package io.samsa.core.handler.fetch;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.api.storage.LogSlice;
import io.samsa.core.dispatch.ErrorMapping;
import io.samsa.core.dispatch.OpenSlices;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.SliceRecords;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.handler.cluster.MetadataHandler;
import io.samsa.core.log.AbortedTransaction;
import io.samsa.core.log.Log;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.core.purgatory.DataWaiter;
import io.samsa.core.purgatory.DelayTimer;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ByteBufferRecords;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.Records;
import io.samsa.protocol.message.FetchRequestData;
import io.samsa.protocol.message.FetchRequestData.FetchPartition;
import io.samsa.protocol.message.FetchRequestData.FetchTopic;
import io.samsa.protocol.message.FetchResponseData;
import io.samsa.protocol.message.FetchResponseData.FetchableTopicResponse;
import io.samsa.protocol.message.FetchResponseData.PartitionData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads committed data for consumers: below the high watermark, and for read_committed
 * (isolation level 1) below the last stable offset, with the aborted transactions the consumer
 * must skip. Fetch sessions (KIP-227) are not kept: every answer says session 0, which Kafka
 * clients take as "no session" and keep sending full fetches — the same as a Kafka broker whose
 * session cache is full. A fetch with too little data waits (on the timer wheel) until data it
 * can read arrives or for max_wait_ms, then reads once more.
 */
public final class FetchHandler implements RequestHandler<FetchRequestData, FetchResponseData> {
    private static final int FINAL_EPOCH = -1;
    private static final int INITIAL_EPOCH = 0;
    private static final byte READ_COMMITTED = 1;

    private final TopicManager topics;
    private final DelayTimer timer;
    private final OpenSlices openSlices;

    @Inject
    public FetchHandler(TopicManager topics, DelayTimer timer, OpenSlices openSlices) {
        this.topics = requireNonNull(topics, "topics is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.openSlices = requireNonNull(openSlices, "openSlices is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FETCH;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(4, 18);
    }

    @Override
    public CompletionStage<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
        boolean fullFetch = request.sessionEpoch() == INITIAL_EPOCH || request.sessionEpoch() == FINAL_EPOCH;
        if (!fullFetch) {
            return CompletableFuture.completedFuture(new FetchResponseData()
                    .setErrorCode(ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code()).setSessionId(0));
        }
        List<Wanted> wanted = resolve(request, context.apiVersion() >= 13);
        return readAll(wanted, request.maxBytes(), request.isolationLevel() == READ_COMMITTED).thenCompose(first -> {
            if (first.bytes() >= request.minBytes() || request.maxWaitMs() <= 0 || first.hasError() || wanted.isEmpty()) {
                return CompletableFuture.completedFuture(first.response());
            }
            // What the first pass read is read again once data arrives: give the slices back while waiting.
            first.release();
            List<Log> logs = wanted.stream().flatMap(want -> want.log().stream()).toList();
            return DataWaiter.awaitAppend(logs, request.maxWaitMs(), timer, () -> first.movedSince(wanted))
                    .thenCompose(ignored -> readAll(wanted, request.maxBytes(), request.isolationLevel() == READ_COMMITTED))
                    .thenApply(Reads::response);
        });
    }

    private List<Wanted> resolve(FetchRequestData request, boolean byId) {
        List<Wanted> wanted = new ArrayList<>();
        for (FetchTopic topic : request.topics()) {
            Optional<Topic> found = byId ? topics.registry().byId(topic.topicId()) : topics.registry().byName(topic.topic());
            for (FetchPartition partition : topic.partitions()) {
                Optional<Log> log = found.flatMap(known -> topics.log(known, partition.partition()));
                ErrorCode error = ErrorCode.NONE;
                if (log.isEmpty()) {
                    error = found.isEmpty() && byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (partition.currentLeaderEpoch() > MetadataHandler.LEADER_EPOCH) {
                    error = ErrorCode.UNKNOWN_LEADER_EPOCH;
                }
                wanted.add(new Wanted(topic, partition, log, error));
            }
        }
        return wanted;
    }

    /** Reads the partitions in request order within the response's byte budget. */
    private CompletionStage<Reads> readAll(List<Wanted> wanted, int maxBytes, boolean readCommitted) {
        Reads reads = new Reads(readCommitted, openSlices);
        CompletionStage<Integer> chain = CompletableFuture.completedFuture(maxBytes);
        for (Wanted want : wanted) {
            chain = chain.thenCompose(remaining -> reads.read(want, remaining));
        }
        return chain.whenComplete((ignored, failure) -> {
            if (failure != null) {
                reads.release();
            }
        }).thenApply(ignored -> reads);
    }

    @Override
    public FetchResponseData errorResponse(RequestContext context, FetchRequestData request, ErrorCode error, String message) {
        return new FetchResponseData().setErrorCode(error.code()).setSessionId(0);
    }

    /** Closes the slices of records the network layer did not send. */
    @Override
    public void release(FetchResponseData response) {
        for (FetchableTopicResponse topic : response.responses()) {
            for (PartitionData partition : topic.partitions()) {
                if (partition.records() instanceof SliceRecords records) {
                    records.close();
                }
            }
        }
    }

    private record Wanted(FetchTopic topic, FetchPartition partition, Optional<Log> log, ErrorCode error) {}

    /** The answers gathered by one pass over the partitions. */
    private static final class Reads {
        private final boolean readCommitted;
        private final OpenSlices openSlices;
        private final List<FetchableTopicResponse> topics = new ArrayList<>();
        /** Per wanted partition, the offset this pass could read up to (-1 for a partition in error). */
        private final List<Long> readableEnds = new ArrayList<>();
        private final List<SliceRecords> slices = new ArrayList<>();
        private FetchTopic currentTopic;
        private int bytes;
        private boolean hasError;

        Reads(boolean readCommitted, OpenSlices openSlices) {
            this.readCommitted = readCommitted;
            this.openSlices = openSlices;
        }

        CompletionStage<Integer> read(Wanted want, int remaining) {
            if (want.error() != ErrorCode.NONE) {
                add(want, partition(want).setErrorCode(want.error().code()));
                readableEnds.add(-1L);
                hasError = true;
                return CompletableFuture.completedFuture(remaining);
            }
            Log log = want.log().orElseThrow();
            long highWatermark = log.highWatermark();
            long lastStableOffset = Math.min(log.lastStableOffset(), highWatermark);
            readableEnds.add(readCommitted ? lastStableOffset : highWatermark);
            int limit = Math.min(want.partition().partitionMaxBytes(), remaining);
            // Kafka's rule: the first partition with data returns at least one whole batch, however large.
            boolean minOneBatch = bytes == 0;
            long fetchOffset = want.partition().fetchOffset();
            return log.read(fetchOffset, Math.max(0, limit), minOneBatch, readCommitted).handle((slice, failure) -> {
                // The slice is the response's from here: sent without copying, or closed if it never is.
                long nextOffset = slice == null ? fetchOffset : slice.nextOffset();
                Records records = slice == null ? null : own(slice);
                PartitionData answer = partition(want)
                        .setHighWatermark(highWatermark)
                        .setLastStableOffset(lastStableOffset)
                        .setLogStartOffset(log.logStartOffset());
                if (failure != null) {
                    answer.setErrorCode(ErrorMapping.toErrorCode(failure).code());
                    hasError = true;
                    add(want, answer);
                    return remaining;
                }
                if (readCommitted && nextOffset > fetchOffset) {
                    answer.setAbortedTransactions(abortedTransactions(log, fetchOffset, nextOffset));
                }
                bytes += records.sizeInBytes();
                add(want, answer.setErrorCode(ErrorCode.NONE.code()).setRecords(records));
                return remaining - records.sizeInBytes();
            });
        }

        /** The aborted transactions with data in what was read, so the consumer can drop their records. */
        private static List<FetchResponseData.AbortedTransaction> abortedTransactions(Log log, long from, long upTo) {
            List<FetchResponseData.AbortedTransaction> aborted = new ArrayList<>();
            for (AbortedTransaction transaction : log.abortedTransactions(from, upTo)) {
                aborted.add(new FetchResponseData.AbortedTransaction()
                        .setProducerId(transaction.producerId()).setFirstOffset(transaction.firstOffset()));
            }
            return aborted;
        }

        private Records own(LogSlice slice) {
            if (slice.sizeInBytes() == 0) {
                slice.close();
                return ByteBufferRecords.empty();
            }
            SliceRecords records = openSlices.track(slice);
            slices.add(records);
            return records;
        }

        /** Closes every slice this pass read (those already sent are left to the network layer). */
        void release() {
            slices.forEach(SliceRecords::close);
        }

        private PartitionData partition(Wanted want) {
            PartitionData data = new PartitionData().setPartitionIndex(want.partition().partition()).setPreferredReadReplica(-1)
                    .setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1)
                    .setRecords(ByteBufferRecords.empty());
            if (readCommitted) {
                data.setAbortedTransactions(new ArrayList<>());
            } else {
                data.setAbortedTransactions(null);
            }
            return data;
        }

        private void add(Wanted want, PartitionData answer) {
            if (currentTopic != want.topic()) {
                currentTopic = want.topic();
                topics.add(new FetchableTopicResponse().setTopic(want.topic().topic()).setTopicId(want.topic().topicId())
                        .setPartitions(new ArrayList<>()));
            }
            topics.getLast().partitions().add(answer);
        }

        int bytes() {
            return bytes;
        }

        boolean hasError() {
            return hasError;
        }

        /** True if any partition has data readable past where this pass could read (HW, or LSO for read_committed). */
        boolean movedSince(List<Wanted> wanted) {
            for (int i = 0; i < wanted.size(); i++) {
                Optional<Log> log = wanted.get(i).log();
                if (log.isPresent() && readableEnd(log.get()) > readableEnds.get(i)) {
                    return true;
                }
            }
            return false;
        }

        private long readableEnd(Log log) {
            return readCommitted ? log.lastStableOffset() : log.highWatermark();
        }

        FetchResponseData response() {
            return new FetchResponseData().setErrorCode(ErrorCode.NONE.code()).setSessionId(0).setResponses(topics);
        }
    }
}
