package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.coordinator.group.OffsetToCommit;
import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.OffsetCommitRequestData;
import io.samsa.protocol.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import io.samsa.protocol.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import io.samsa.protocol.message.OffsetCommitResponseData;
import io.samsa.protocol.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import io.samsa.protocol.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OffsetCommit: partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION (UNKNOWN_TOPIC_ID by
 * id, v10), the rest go to the coordinator, which checks the group generation and member (or
 * accepts a simple commit, generation -1, while the group is empty) and answers once the offsets
 * are durable.
 */
public final class OffsetCommitHandler implements RequestHandler<OffsetCommitRequestData, OffsetCommitResponseData> {
    private final GroupCoordinator coordinator;
    private final TopicManager topics;

    @Inject
    public OffsetCommitHandler(GroupCoordinator coordinator, TopicManager topics) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_COMMIT;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(2, 10);
    }

    @Override
    public CompletionStage<OffsetCommitResponseData> handle(RequestContext context, OffsetCommitRequestData request) {
        boolean byId = context.apiVersion() >= 10;
        Map<TopicPartition, OffsetToCommit> commits = new LinkedHashMap<>();
        List<Optional<Topic>> resolved = new ArrayList<>();
        for (OffsetCommitRequestTopic topicData : request.topics()) {
            Optional<Topic> topic = byId ? topics.registry().byId(topicData.topicId()) : topics.registry().byName(topicData.name());
            resolved.add(topic);
            if (topic.isEmpty()) {
                continue;
            }
            for (OffsetCommitRequestPartition partition : topicData.partitions()) {
                if (partition.partitionIndex() >= 0 && partition.partitionIndex() < topic.get().partitions()) {
                    commits.put(new TopicPartition(topic.get().name(), partition.partitionIndex()), new OffsetToCommit(
                            partition.committedOffset(), partition.committedLeaderEpoch(), partition.committedMetadata()));
                }
            }
        }
        CompletableFuture<Map<TopicPartition, ErrorCode>> committed = commits.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : coordinator.commitOffsets(request.groupId(), request.generationIdOrMemberEpoch(), request.memberId(),
                        request.groupInstanceId(), commits, context.apiVersion());
        return committed.thenApply(errors -> {
            OffsetCommitResponseData response = new OffsetCommitResponseData();
            for (int i = 0; i < request.topics().size(); i++) {
                OffsetCommitRequestTopic topicData = request.topics().get(i);
                Optional<Topic> topic = resolved.get(i);
                List<OffsetCommitResponsePartition> partitions = new ArrayList<>();
                for (OffsetCommitRequestPartition partition : topicData.partitions()) {
                    ErrorCode error;
                    if (topic.isEmpty()) {
                        error = byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                    } else {
                        error = errors.getOrDefault(new TopicPartition(topic.get().name(), partition.partitionIndex()),
                                ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                    }
                    partitions.add(new OffsetCommitResponsePartition()
                            .setPartitionIndex(partition.partitionIndex())
                            .setErrorCode(error.code()));
                }
                response.topics().add(responseTopic(topicData).setPartitions(partitions));
            }
            return response;
        });
    }

    private static OffsetCommitResponseTopic responseTopic(OffsetCommitRequestTopic topicData) {
        return new OffsetCommitResponseTopic().setName(topicData.name()).setTopicId(topicData.topicId());
    }

    @Override
    public OffsetCommitResponseData errorResponse(
            RequestContext context, OffsetCommitRequestData request, ErrorCode error, String message) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        for (OffsetCommitRequestTopic topicData : request.topics()) {
            List<OffsetCommitResponsePartition> partitions = new ArrayList<>();
            topicData.partitions().forEach(partition -> partitions.add(new OffsetCommitResponsePartition()
                    .setPartitionIndex(partition.partitionIndex()).setErrorCode(error.code())));
            response.topics().add(responseTopic(topicData).setPartitions(partitions));
        }
        return response;
    }
}
