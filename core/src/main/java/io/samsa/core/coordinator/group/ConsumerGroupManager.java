package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.core.coordinator.group.ConsumerGroup.Member;
import io.samsa.core.partition.Topic;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ConsumerGroupDescribeResponseData;
import io.samsa.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.samsa.protocol.message.ConsumerGroupHeartbeatResponseData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * KIP-848 consumer groups ({@code group.protocol=consumer}): ConsumerGroupHeartbeat and
 * ConsumerGroupDescribe as Kafka's group coordinator answers them. A group has an epoch, bumped
 * whenever a member joins or leaves, a subscription changes or a subscribed topic's partition
 * count changes (regex subscriptions included); when the group epoch is ahead of the assignment
 * epoch the server-side assignor computes every member's target. Each member then reconciles
 * towards its target as Kafka's {@code CurrentAssignmentBuilder} does: partitions it must give
 * up are revoked first (its epoch stays until it acknowledges by no longer reporting them as
 * owned), and a partition is handed to a member only once no other member owns it or still has
 * it pending revocation. Runs on the coordinator's thread only.
 *
 * <p>This class routes the coordinator's calls; the state lives in {@link ConsumerGroup}, the
 * request handling in {@link ConsumerGroupHeartbeatHandler} and the assignment rules in
 * {@link ConsumerGroupAssigner}.
 */
final class ConsumerGroupManager {
    static final String TYPE = "consumer";

    private final GroupRuntime runtime;
    private final ConsumerGroupAssigner assigner;
    private final ConsumerGroupHeartbeatHandler heartbeats;

    ConsumerGroupManager(GroupRuntime runtime, Supplier<Collection<Topic>> topics) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.assigner = new ConsumerGroupAssigner(runtime, requireNonNull(topics, "topics is null"));
        this.heartbeats = new ConsumerGroupHeartbeatHandler(runtime, topics, assigner);
    }

    // ---------------------------------------------------------------- replay

    void replay(GroupRecord.ConsumerGroupMetadata record) {
        ConsumerGroup group = new ConsumerGroup(record.groupId());
        group.groupEpoch = record.groupEpoch();
        group.assignmentEpoch = record.assignmentEpoch();
        record.members().forEach(member -> group.members.put(member.memberId(), Member.fromRecord(member)));
        ConsumerGroup previous = runtime.consumerGroups.put(record.groupId(), group);
        if (previous != null) {
            previous.members.values().forEach(Member::cancelTimers);
        }
    }

    /** After loading: members must heartbeat within their session timeouts, as after a join. */
    void scheduleLoadedMembers() {
        heartbeats.scheduleLoadedMembers();
    }

    CompletableFuture<ConsumerGroupHeartbeatResponseData> heartbeat(GroupRequestContext context,
            ConsumerGroupHeartbeatRequestData request) {
        return heartbeats.heartbeat(context, request);
    }

    // ---------------------------------------------------------------- describe

    ConsumerGroupDescribeResponseData.DescribedGroup describe(String groupId) {
        ConsumerGroup group = runtime.consumerGroups.get(groupId);
        if (group == null) {
            ClassicGroup classic = runtime.groups.get(groupId);
            boolean isClassic = classic != null && !classic.isInState(GroupState.DEAD);
            return new ConsumerGroupDescribeResponseData.DescribedGroup()
                    .setGroupId(groupId)
                    .setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage(isClassic ? "Group " + groupId + " is not a consumer group."
                            : "Group " + groupId + " not found.")
                    .setGroupState("Dead")
                    .setAssignorName("");
        }
        Map<String, Topic> byName = assigner.topicsByName();
        List<ConsumerGroupDescribeResponseData.Member> members = new ArrayList<>();
        for (Member member : group.members.values()) {
            members.add(new ConsumerGroupDescribeResponseData.Member()
                    .setMemberId(member.memberId)
                    .setInstanceId(member.instanceId)
                    .setRackId(member.rackId)
                    .setMemberEpoch(member.memberEpoch)
                    .setClientId(member.clientId)
                    .setClientHost(member.clientHost)
                    .setSubscribedTopicNames(new ArrayList<>(member.subscribedTopicNames))
                    .setSubscribedTopicRegex(member.subscribedTopicRegex)
                    .setAssignment(describeAssignment(member.assigned, byName))
                    .setTargetAssignment(describeAssignment(member.target, byName))
                    .setMemberType((byte) 1));
        }
        return new ConsumerGroupDescribeResponseData.DescribedGroup()
                .setGroupId(groupId)
                .setErrorCode(ErrorCode.NONE.code())
                .setGroupState(group.state())
                .setGroupEpoch(group.groupEpoch)
                .setAssignmentEpoch(group.assignmentEpoch)
                .setAssignorName(assigner.assignorOf(group))
                .setMembers(members);
    }

    private static ConsumerGroupDescribeResponseData.Assignment describeAssignment(Set<TopicPartition> partitions,
            Map<String, Topic> byName) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(partition -> byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>())
                .add(partition.partition()));
        List<ConsumerGroupDescribeResponseData.TopicPartitions> result = new ArrayList<>();
        byTopic.forEach((name, list) -> {
            Topic topic = byName.get(name);
            if (topic != null) {
                Collections.sort(list);
                result.add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                        .setTopicId(topic.id())
                        .setTopicName(name)
                        .setPartitions(list));
            }
        });
        return new ConsumerGroupDescribeResponseData.Assignment().setTopicPartitions(result);
    }

    // ---------------------------------------------------------------- offsets

    /**
     * Kafka's {@code ConsumerGroup.validateOffsetCommit}: a commit without a member (epoch &lt; 0)
     * only while the group has no members; otherwise the member must exist and commit with its
     * current epoch.
     */
    ErrorCode validateOffsetCommit(ConsumerGroup group, String memberId, int memberEpoch, short apiVersion) {
        if (memberEpoch < 0 && group.members.isEmpty()) {
            return ErrorCode.NONE;
        }
        Member member = group.members.get(memberId == null ? "" : memberId);
        if (member == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (memberEpoch != member.memberEpoch) {
            return apiVersion >= 9 ? ErrorCode.STALE_MEMBER_EPOCH : ErrorCode.UNSUPPORTED_VERSION;
        }
        return ErrorCode.NONE;
    }
}
