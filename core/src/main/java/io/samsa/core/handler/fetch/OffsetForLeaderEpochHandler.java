package io.samsa.core.handler.fetch;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.handler.cluster.MetadataHandler;
import io.samsa.core.log.Log;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.OffsetForLeaderEpochRequestData;
import io.samsa.protocol.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import io.samsa.protocol.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import io.samsa.protocol.message.OffsetForLeaderEpochResponseData;
import io.samsa.protocol.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import io.samsa.protocol.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The end offset of a leader epoch, which consumers use to detect log truncation after a leader
 * change. A single broker has led every partition since its creation in epoch
 * {@link MetadataHandler#LEADER_EPOCH} (0), so epoch 0 ends at the log end offset; a later epoch
 * is unknown (Kafka answers it with no error and undefined epoch and offset), and a current leader
 * epoch above 0 is UNKNOWN_LEADER_EPOCH.
 */
public final class OffsetForLeaderEpochHandler
        implements RequestHandler<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData> {
    private static final int UNDEFINED_EPOCH = -1;
    private static final long UNDEFINED_OFFSET = -1;
    /** A current_leader_epoch of -1 asks for no fencing check. */
    private static final int NO_EPOCH_CHECK = -1;

    private final TopicManager topics;

    @Inject
    public OffsetForLeaderEpochHandler(TopicManager topics) {
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(2, 4);
    }

    @Override
    public CompletionStage<OffsetForLeaderEpochResponseData> handle(
            RequestContext context, OffsetForLeaderEpochRequestData request) {
        List<OffsetForLeaderTopicResult> answers = new ArrayList<>();
        for (OffsetForLeaderTopic topic : request.topics()) {
            List<EpochEndOffset> partitions = new ArrayList<>();
            for (OffsetForLeaderPartition partition : topic.partitions()) {
                partitions.add(endOffset(topic.topic(), partition));
            }
            answers.add(new OffsetForLeaderTopicResult().setTopic(topic.topic()).setPartitions(partitions));
        }
        return CompletableFuture.completedFuture(new OffsetForLeaderEpochResponseData().setTopics(answers));
    }

    private EpochEndOffset endOffset(String topic, OffsetForLeaderPartition partition) {
        EpochEndOffset result = new EpochEndOffset().setPartition(partition.partition())
                .setLeaderEpoch(UNDEFINED_EPOCH).setEndOffset(UNDEFINED_OFFSET);
        Optional<Log> log = topics.registry().byName(topic).flatMap(known -> topics.log(known, partition.partition()));
        if (log.isEmpty()) {
            return result.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        int current = partition.currentLeaderEpoch();
        if (current != NO_EPOCH_CHECK && current > MetadataHandler.LEADER_EPOCH) {
            return result.setErrorCode(ErrorCode.UNKNOWN_LEADER_EPOCH.code());
        }
        if (current != NO_EPOCH_CHECK && current < MetadataHandler.LEADER_EPOCH) {
            return result.setErrorCode(ErrorCode.FENCED_LEADER_EPOCH.code());
        }
        result.setErrorCode(ErrorCode.NONE.code());
        if (partition.leaderEpoch() == MetadataHandler.LEADER_EPOCH) {
            // The latest epoch ends where the log ends.
            result.setLeaderEpoch(MetadataHandler.LEADER_EPOCH).setEndOffset(log.get().logEndOffset());
        }
        return result;
    }

    @Override
    public OffsetForLeaderEpochResponseData errorResponse(
            RequestContext context, OffsetForLeaderEpochRequestData request, ErrorCode error, String message) {
        List<OffsetForLeaderTopicResult> answers = new ArrayList<>();
        for (OffsetForLeaderTopic topic : request.topics()) {
            List<EpochEndOffset> partitions = new ArrayList<>();
            topic.partitions().forEach(partition -> partitions.add(new EpochEndOffset().setPartition(partition.partition())
                    .setErrorCode(error.code()).setLeaderEpoch(UNDEFINED_EPOCH).setEndOffset(UNDEFINED_OFFSET)));
            answers.add(new OffsetForLeaderTopicResult().setTopic(topic.topic()).setPartitions(partitions));
        }
        return new OffsetForLeaderEpochResponseData().setTopics(answers);
    }
}
