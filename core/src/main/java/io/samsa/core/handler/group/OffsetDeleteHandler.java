package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.OffsetDeleteRequestData;
import io.samsa.protocol.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import io.samsa.protocol.message.OffsetDeleteResponseData;
import io.samsa.protocol.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import io.samsa.protocol.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * OffsetDelete: removes a group's committed offsets of topics its members do not subscribe to
 * (GROUP_SUBSCRIBED_TO_TOPIC otherwise); unknown topics get UNKNOWN_TOPIC_OR_PARTITION.
 */
public final class OffsetDeleteHandler implements RequestHandler<OffsetDeleteRequestData, OffsetDeleteResponseData> {
    private final GroupCoordinator coordinator;
    private final TopicManager topics;

    @Inject
    public OffsetDeleteHandler(GroupCoordinator coordinator, TopicManager topics) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_DELETE;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 0);
    }

    @Override
    public CompletionStage<OffsetDeleteResponseData> handle(RequestContext context, OffsetDeleteRequestData request) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (OffsetDeleteRequestTopic topic : request.topics()) {
            if (topics.registry().byName(topic.name()).isPresent()) {
                topic.partitions().forEach(partition -> partitions.add(new TopicPartition(topic.name(), partition.partitionIndex())));
            }
        }
        return coordinator.deleteOffsets(request.groupId(), partitions).thenApply(result -> {
            OffsetDeleteResponseData response = new OffsetDeleteResponseData().setErrorCode(result.groupError().code());
            if (result.groupError() != ErrorCode.NONE) {
                return response;
            }
            for (OffsetDeleteRequestTopic topic : request.topics()) {
                List<OffsetDeleteResponsePartition> answers = new ArrayList<>();
                topic.partitions().forEach(partition -> answers.add(new OffsetDeleteResponsePartition()
                        .setPartitionIndex(partition.partitionIndex())
                        .setErrorCode(result.partitions().getOrDefault(new TopicPartition(topic.name(), partition.partitionIndex()),
                                ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).code())));
                response.topics().add(new OffsetDeleteResponseTopic().setName(topic.name()).setPartitions(answers));
            }
            return response;
        });
    }

    @Override
    public OffsetDeleteResponseData errorResponse(
            RequestContext context, OffsetDeleteRequestData request, ErrorCode error, String message) {
        return new OffsetDeleteResponseData().setErrorCode(error.code());
    }
}
