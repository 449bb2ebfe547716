package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.CommittedOffset;
import io.samsa.core.coordinator.group.FetchedOffsets;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.OffsetFetchRequestData;
import io.samsa.protocol.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import io.samsa.protocol.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import io.samsa.protocol.message.OffsetFetchResponseData;
import io.samsa.protocol.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import io.samsa.protocol.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import io.samsa.protocol.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import io.samsa.protocol.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import io.samsa.protocol.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OffsetFetch: one group (v1-7) or several (v8+), the named partitions or every partition with a
 * committed offset (null topics). A partition without a commit answers offset -1 and metadata "".
 * With require_stable (v7+; read_committed consumers set it) a partition with offsets of an open
 * transaction answers UNSTABLE_OFFSET_COMMIT (offset -1) and the client asks again, as Kafka does.
 * From v10 topics are named by id; an unknown id gets UNKNOWN_TOPIC_ID.
 */
public final class OffsetFetchHandler implements RequestHandler<OffsetFetchRequestData, OffsetFetchResponseData> {
    private final GroupCoordinator coordinator;
    private final TopicManager topics;

    @Inject
    public OffsetFetchHandler(GroupCoordinator coordinator, TopicManager topics) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_FETCH;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(1, 10);
    }

    @Override
    public CompletionStage<OffsetFetchResponseData> handle(RequestContext context, OffsetFetchRequestData request) {
        short version = context.apiVersion();
        if (version < 8) {
            List<OffsetFetchRequestTopics> asTopics = null;
            if (request.topics() != null) {
                asTopics = new ArrayList<>();
                for (var topic : request.topics()) {
                    asTopics.add(new OffsetFetchRequestTopics().setName(topic.name())
                            .setPartitionIndexes(topic.partitionIndexes()));
                }
            }
            return fetchGroup(request.groupId(), asTopics, false, request.requireStable()).thenApply(group -> {
                OffsetFetchResponseData response = new OffsetFetchResponseData().setErrorCode(group.errorCode());
                for (OffsetFetchResponseTopics topic : group.topics()) {
                    List<OffsetFetchResponsePartition> partitions = new ArrayList<>();
                    topic.partitions().forEach(partition -> partitions.add(new OffsetFetchResponsePartition()
                            .setPartitionIndex(partition.partitionIndex())
                            .setCommittedOffset(partition.committedOffset())
                            .setCommittedLeaderEpoch(partition.committedLeaderEpoch())
                            .setMetadata(partition.metadata())
                            .setErrorCode(partition.errorCode())));
                    response.topics().add(new OffsetFetchResponseTopic().setName(topic.name()).setPartitions(partitions));
                }
                return response;
            });
        }
        boolean byId = version >= 10;
        List<CompletableFuture<OffsetFetchResponseGroup>> groups = new ArrayList<>();
        for (OffsetFetchRequestGroup group : request.groups()) {
            groups.add(fetchGroup(group.groupId(), group.topics(), byId, request.requireStable()));
        }
        return CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            OffsetFetchResponseData response = new OffsetFetchResponseData();
            groups.forEach(group -> response.groups().add(group.join()));
            return response;
        });
    }

    private CompletableFuture<OffsetFetchResponseGroup> fetchGroup(String groupId, List<OffsetFetchRequestTopics> requested,
            boolean byId, boolean requireStable) {
        if (requested == null) {
            return coordinator.fetchOffsets(groupId, null, requireStable).thenApply(offsets -> allOffsets(groupId, offsets, byId));
        }
        List<TopicPartition> partitions = new ArrayList<>();
        List<Optional<Topic>> resolved = new ArrayList<>();
        for (OffsetFetchRequestTopics topic : requested) {
            Optional<Topic> known = byId ? topics.registry().byId(topic.topicId()) : topics.registry().byName(topic.name());
            resolved.add(known);
            String name = byId ? known.map(Topic::name).orElse(null) : topic.name();
            if (name != null) {
                topic.partitionIndexes().forEach(index -> partitions.add(new TopicPartition(name, index)));
            }
        }
        return coordinator.fetchOffsets(groupId, partitions, requireStable).thenApply(offsets -> {
            OffsetFetchResponseGroup group = new OffsetFetchResponseGroup().setGroupId(groupId);
            for (int i = 0; i < requested.size(); i++) {
                OffsetFetchRequestTopics topic = requested.get(i);
                Optional<Topic> known = resolved.get(i);
                String name = byId ? known.map(Topic::name).orElse("") : topic.name();
                List<OffsetFetchResponsePartitions> answers = new ArrayList<>();
                for (int index : topic.partitionIndexes()) {
                    if (byId && known.isEmpty()) {
                        answers.add(partition(index, null).setErrorCode(ErrorCode.UNKNOWN_TOPIC_ID.code()));
                    } else {
                        answers.add(partition(offsets, new TopicPartition(name, index)));
                    }
                }
                group.topics().add(new OffsetFetchResponseTopics().setName(name).setTopicId(topic.topicId())
                        .setPartitions(answers));
            }
            return group;
        });
    }

    /** Every committed offset of the group, by topic; by id (v10) only topics that still exist. */
    private OffsetFetchResponseGroup allOffsets(String groupId, FetchedOffsets offsets, boolean byId) {
        Map<String, OffsetFetchResponseTopics> byTopic = new LinkedHashMap<>();
        offsets.committed().keySet().forEach(partition -> {
            Optional<UUID> topicId = topics.registry().byName(partition.topic()).map(Topic::id);
            if (byId && topicId.isEmpty()) {
                return;
            }
            byTopic.computeIfAbsent(partition.topic(), name -> new OffsetFetchResponseTopics()
                    .setName(name).setTopicId(topicId.orElse(new UUID(0, 0))))
                    .partitions().add(partition(offsets, partition));
        });
        return new OffsetFetchResponseGroup().setGroupId(groupId).setTopics(new ArrayList<>(byTopic.values()));
    }

    /** A partition's answer: its committed offset, or UNSTABLE_OFFSET_COMMIT while a transaction holds one. */
    private static OffsetFetchResponsePartitions partition(FetchedOffsets offsets, TopicPartition partition) {
        if (offsets.unstable().contains(partition)) {
            return partition(partition.partition(), null).setErrorCode(ErrorCode.UNSTABLE_OFFSET_COMMIT.code());
        }
        return partition(partition.partition(), offsets.committed().get(partition));
    }

    private static OffsetFetchResponsePartitions partition(int index, CommittedOffset offset) {
        return new OffsetFetchResponsePartitions()
                .setPartitionIndex(index)
                .setCommittedOffset(offset == null ? -1 : offset.offset())
                .setCommittedLeaderEpoch(offset == null ? -1 : offset.leaderEpoch())
                .setMetadata(offset == null ? "" : offset.metadata())
                .setErrorCode(ErrorCode.NONE.code());
    }

    @Override
    public OffsetFetchResponseData errorResponse(
            RequestContext context, OffsetFetchRequestData request, ErrorCode error, String message) {
        if (context.apiVersion() < 8) {
            return new OffsetFetchResponseData().setErrorCode(error.code());
        }
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        request.groups().forEach(group -> response.groups().add(new OffsetFetchResponseGroup()
                .setGroupId(group.groupId()).setErrorCode(error.code())));
        return response;
    }
}
