package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.core.coordinator.group.ConsumerGroup.Member;
import io.samsa.core.coordinator.group.ConsumerGroup.MemberState;
import io.samsa.core.partition.Topic;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.samsa.protocol.message.ConsumerGroupHeartbeatResponseData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ConsumerGroupHeartbeat (KIP-848) as Kafka's group coordinator answers it: joining, static
 * membership (a released instance id is taken over with its assignment and epoch), leaving, the
 * epoch fencing of stale members, and the session and revocation timeouts that remove members
 * which stop heartbeating or do not give up partitions in time. A heartbeat that changes the group
 * persists it before it is answered.
 */
final class ConsumerGroupHeartbeatHandler {
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupHeartbeatHandler.class);

    private static final int LEAVE_EPOCH = -1;
    private static final int STATIC_LEAVE_EPOCH = -2;

    private final GroupRuntime runtime;
    private final Supplier<Collection<Topic>> topics;
    private final List<String> assignors;
    private final ConsumerGroupAssigner assigner;

    ConsumerGroupHeartbeatHandler(GroupRuntime runtime, Supplier<Collection<Topic>> topics,
            ConsumerGroupAssigner assigner) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.topics = requireNonNull(topics, "topics is null");
        this.assignors = runtime.config.consumerAssignors();
        this.assigner = requireNonNull(assigner, "assigner is null");
    }

    /** After loading: members must heartbeat within their session timeouts, as after a join. */
    void scheduleLoadedMembers() {
        for (ConsumerGroup group : runtime.consumerGroups.values()) {
            group.subscribedMetadata = assigner.subscribedMetadata(group);
            group.members.values().forEach(member -> {
                scheduleSession(group, member);
                if (member.state == MemberState.UNREVOKED_PARTITIONS) {
                    scheduleRevocationTimeout(group, member);
                }
            });
        }
    }

    CompletableFuture<ConsumerGroupHeartbeatResponseData> heartbeat(GroupRequestContext context,
            ConsumerGroupHeartbeatRequestData request) {
        try {
            return doHeartbeat(context, request);
        } catch (ApiErrorException e) {
            return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponseData()
                    .setErrorCode(e.error().code())
                    .setErrorMessage(e.getMessage()));
        }
    }

    private CompletableFuture<ConsumerGroupHeartbeatResponseData> doHeartbeat(GroupRequestContext context,
            ConsumerGroupHeartbeatRequestData request) {
        String groupId = request.groupId();
        int epoch = request.memberEpoch();
        String memberId = request.memberId() == null ? "" : request.memberId();
        validate(request, groupId, epoch, memberId);
        ClassicGroup classic = runtime.groups.get(groupId);
        if (classic != null && !classic.isInState(GroupState.EMPTY) && !classic.isInState(GroupState.DEAD)) {
            throw new ApiErrorException(ErrorCode.GROUP_ID_NOT_FOUND, "Group " + groupId + " is not a consumer group.");
        }
        ConsumerGroup group = runtime.consumerGroups.get(groupId);
        if (epoch == LEAVE_EPOCH || epoch == STATIC_LEAVE_EPOCH) {
            return leave(group, groupId, memberId, epoch);
        }
        if (group == null) {
            if (epoch != 0) {
                throw new ApiErrorException(ErrorCode.GROUP_ID_NOT_FOUND, "Consumer group " + groupId + " not found.");
            }
            group = new ConsumerGroup(groupId);
            runtime.consumerGroups.put(groupId, group);
        }
        Map<UUID, Topic> topicsById = new HashMap<>();
        topics.get().forEach(topic -> topicsById.put(topic.id(), topic));
        Set<TopicPartition> owned = owned(request, topicsById);

        boolean bump = false;
        Member member = group.members.get(memberId);
        if (epoch == 0) {
            if (member == null && request.instanceId() != null) {
                Member previous = group.staticMember(request.instanceId());
                if (previous != null) {
                    if (previous.memberEpoch != STATIC_LEAVE_EPOCH) {
                        throw new ApiErrorException(ErrorCode.UNRELEASED_INSTANCE_ID, "Static member " + previous.memberId
                                + " with instance id " + request.instanceId() + " is not released yet.");
                    }
                    member = replaceStatic(group, previous, memberId.isEmpty() ? newMemberId() : memberId);
                }
            }
            if (member == null) {
                member = new Member(memberId.isEmpty() ? newMemberId() : memberId);
                group.members.put(member.memberId, member);
                bump = true;
            }
        } else {
            if (member == null) {
                throw new ApiErrorException(ErrorCode.UNKNOWN_MEMBER_ID,
                        "Member " + memberId + " is not a member of group " + groupId + ".");
            }
            if (epoch != member.memberEpoch) {
                boolean lostResponse = epoch == member.previousMemberEpoch && owned != null
                        && member.assigned.containsAll(owned);
                if (!lostResponse) {
                    throw new ApiErrorException(ErrorCode.FENCED_MEMBER_EPOCH, "The consumer group member has a "
                            + (epoch > member.memberEpoch ? "greater" : "smaller") + " member epoch (" + epoch
                            + ") than the one known by the group coordinator (" + member.memberEpoch
                            + "). The member must abandon all its partitions and rejoin.");
                }
            }
        }
        GroupRecord.ConsumerMember before = member.toRecord();
        int groupEpochBefore = group.groupEpoch;
        member.clientId = context.clientId();
        member.clientHost = context.clientHost();
        if (request.instanceId() != null) {
            member.instanceId = request.instanceId();
        }
        if (request.rackId() != null) {
            member.rackId = request.rackId();
        }
        if (request.rebalanceTimeoutMs() != -1) {
            member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        }
        if (request.subscribedTopicNames() != null && !request.subscribedTopicNames().equals(member.subscribedTopicNames)) {
            member.subscribedTopicNames = List.copyOf(request.subscribedTopicNames());
            bump = true;
        }
        if (request.subscribedTopicRegex() != null) {
            String regex = request.subscribedTopicRegex().isEmpty() ? null : request.subscribedTopicRegex();
            if (!Objects.equals(regex, member.subscribedTopicRegex)) {
                member.subscribedTopicRegex = regex;
                bump = true;
            }
        }
        if (request.serverAssignor() != null && !request.serverAssignor().equals(member.serverAssignor)) {
            member.serverAssignor = request.serverAssignor();
            bump = true;
        }
        Map<String, Integer> metadata = assigner.subscribedMetadata(group);
        if (!metadata.equals(group.subscribedMetadata)) {
            bump |= group.subscribedMetadata != null;
            group.subscribedMetadata = metadata;
        }
        if (bump) {
            group.groupEpoch++;
        }
        if (group.groupEpoch > group.assignmentEpoch) {
            assigner.computeTargetAssignment(group, metadata);
        }
        Set<TopicPartition> assignedBefore = Set.copyOf(member.assigned);
        MemberState stateBefore = member.state;
        ConsumerGroupAssigner.reconcile(group, member, owned);
        scheduleSession(group, member);
        if (member.state == MemberState.UNREVOKED_PARTITIONS && stateBefore != MemberState.UNREVOKED_PARTITIONS) {
            scheduleRevocationTimeout(group, member);
        } else if (member.state != MemberState.UNREVOKED_PARTITIONS) {
            member.cancelRevocation();
        }

        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(member.memberId)
                .setMemberEpoch(member.memberEpoch)
                .setHeartbeatIntervalMs(runtime.config.consumerHeartbeatIntervalMs());
        boolean fullRequest = request.rebalanceTimeoutMs() != -1
                && (request.subscribedTopicNames() != null || request.subscribedTopicRegex() != null)
                && request.topicPartitions() != null;
        if (epoch == 0 || fullRequest || !assignedBefore.equals(member.assigned)) {
            response.setAssignment(responseAssignment(member.assigned));
        }
        if (group.groupEpoch == groupEpochBefore && before.equals(member.toRecord()) && !bump) {
            return CompletableFuture.completedFuture(response);
        }
        if (group.groupEpoch != groupEpochBefore) {
            log.info("Consumer group {} is at epoch {} (member {} at epoch {})", groupId, group.groupEpoch,
                    member.memberId, member.memberEpoch);
        }
        return persist(group).thenApply(error -> error == ErrorCode.NONE ? response
                : new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code()));
    }

    private void validate(ConsumerGroupHeartbeatRequestData request, String groupId, int epoch, String memberId) {
        if (groupId == null || groupId.isEmpty()) {
            throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "GroupId can't be empty.");
        }
        if (request.instanceId() != null && request.instanceId().isEmpty()) {
            throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "InstanceId can't be empty.");
        }
        if (epoch < STATIC_LEAVE_EPOCH) {
            throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "MemberEpoch is invalid.");
        }
        if (epoch != 0 && memberId.isEmpty()) {
            throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "MemberId can't be empty.");
        }
        if (epoch == 0) {
            if (request.rebalanceTimeoutMs() == -1) {
                throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "RebalanceTimeoutMs must be provided in first request.");
            }
            if (request.topicPartitions() == null || !request.topicPartitions().isEmpty()) {
                throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "TopicPartitions must be empty when (re-)joining.");
            }
            if (request.subscribedTopicNames() == null && request.subscribedTopicRegex() == null) {
                throw new ApiErrorException(ErrorCode.INVALID_REQUEST,
                        "SubscribedTopicNames or SubscribedTopicRegex must be set in first request.");
            }
        }
        if (epoch == STATIC_LEAVE_EPOCH && request.instanceId() == null) {
            throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "InstanceId can't be null.");
        }
        if (request.serverAssignor() != null && !assignors.contains(request.serverAssignor())) {
            throw new ApiErrorException(ErrorCode.UNSUPPORTED_ASSIGNOR,
                    "ServerAssignor " + request.serverAssignor() + " is not supported. Supported assignors: "
                            + String.join(", ", assignors) + ".");
        }
        if (request.subscribedTopicRegex() != null && !request.subscribedTopicRegex().isEmpty()) {
            try {
                Pattern.compile(request.subscribedTopicRegex());
            } catch (PatternSyntaxException e) {
                throw new ApiErrorException(ErrorCode.INVALID_REGULAR_EXPRESSION,
                        "SubscribedTopicRegex `" + request.subscribedTopicRegex() + "` is not a valid regular expression: "
                                + e.getDescription() + ".");
            }
        }
    }

    private static String newMemberId() {
        return UUID.randomUUID().toString();
    }

    /** A static member rejoining under a new member id takes over its predecessor's assignment and epoch. */
    private Member replaceStatic(ConsumerGroup group, Member previous, String memberId) {
        previous.cancelTimers();
        group.members.remove(previous.memberId);
        Member member = new Member(memberId);
        member.instanceId = previous.instanceId;
        member.rackId = previous.rackId;
        member.subscribedTopicNames = previous.subscribedTopicNames;
        member.subscribedTopicRegex = previous.subscribedTopicRegex;
        member.serverAssignor = previous.serverAssignor;
        member.rebalanceTimeoutMs = previous.rebalanceTimeoutMs;
        member.memberEpoch = previous.previousMemberEpoch;
        member.previousMemberEpoch = previous.previousMemberEpoch;
        member.state = previous.state;
        member.assigned = previous.assigned;
        member.pendingRevocation = previous.pendingRevocation;
        member.target = previous.target;
        group.members.put(memberId, member);
        log.info("Static member {} of consumer group {} replaced by {}", previous.instanceId, group.groupId, memberId);
        return member;
    }

    private CompletableFuture<ConsumerGroupHeartbeatResponseData> leave(ConsumerGroup group, String groupId,
            String memberId, int epoch) {
        Member member = group == null ? null : group.members.get(memberId);
        if (member == null) {
            throw new ApiErrorException(ErrorCode.UNKNOWN_MEMBER_ID,
                    "Member " + memberId + " is not a member of group " + groupId + ".");
        }
        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(memberId)
                .setMemberEpoch(epoch)
                .setHeartbeatIntervalMs(0);
        if (epoch == STATIC_LEAVE_EPOCH && member.instanceId != null) {
            // Keeps its assignment until its session ends or it rejoins with the same instance id.
            if (member.memberEpoch != STATIC_LEAVE_EPOCH) {
                member.previousMemberEpoch = member.memberEpoch;
                member.memberEpoch = STATIC_LEAVE_EPOCH;
            }
            log.info("Static member {} ({}) of consumer group {} left temporarily", member.instanceId, memberId, groupId);
        } else {
            removeMember(group, member, "left");
        }
        return persist(group).thenApply(error -> error == ErrorCode.NONE ? response
                : new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code()));
    }

    private void removeMember(ConsumerGroup group, Member member, String reason) {
        member.cancelTimers();
        group.members.remove(member.memberId);
        group.groupEpoch++;
        group.subscribedMetadata = assigner.subscribedMetadata(group);
        log.info("Member {} {} consumer group {}; group epoch {}", member.memberId, reason, group.groupId, group.groupEpoch);
    }

    private void scheduleSession(ConsumerGroup group, Member member) {
        member.cancelSession();
        member.sessionTimer = runtime.schedule(runtime.config.consumerSessionTimeoutMs(), () -> {
            if (runtime.consumerGroups.get(group.groupId) == group && group.members.get(member.memberId) == member) {
                removeMember(group, member, "timed out of");
                persist(group);
            }
        });
    }

    /**
     * A member asked to revoke partitions must do so within its rebalance timeout, or it is
     * fenced (removed from the group, its partitions given to others), as in Kafka.
     */
    private void scheduleRevocationTimeout(ConsumerGroup group, Member member) {
        member.cancelRevocation();
        int timeoutMs = member.rebalanceTimeoutMs > 0 ? member.rebalanceTimeoutMs : runtime.config.consumerSessionTimeoutMs();
        int epoch = member.memberEpoch;
        member.revocationTimer = runtime.schedule(timeoutMs, () -> {
            if (runtime.consumerGroups.get(group.groupId) == group && group.members.get(member.memberId) == member
                    && member.state == MemberState.UNREVOKED_PARTITIONS && member.memberEpoch == epoch) {
                removeMember(group, member, "did not revoke its partitions within its rebalance timeout and was fenced from");
                persist(group);
            }
        });
    }

    private CompletableFuture<ErrorCode> persist(ConsumerGroup group) {
        List<GroupRecord.ConsumerMember> members = group.members.values().stream().map(Member::toRecord).toList();
        GroupRecord record = new GroupRecord.ConsumerGroupMetadata(group.groupId, group.groupEpoch, group.assignmentEpoch,
                members);
        return runtime.append(group.groupId, List.of(record)).handle((ignored, failure) -> {
            if (failure != null) {
                log.warn("Cannot persist consumer group {} at epoch {}: {}", group.groupId, group.groupEpoch,
                        failure.toString());
                return GroupRuntime.appendError(failure);
            }
            return ErrorCode.NONE;
        });
    }

    private static Set<TopicPartition> owned(ConsumerGroupHeartbeatRequestData request, Map<UUID, Topic> topicsById) {
        if (request.topicPartitions() == null) {
            return null;
        }
        Set<TopicPartition> owned = new HashSet<>();
        for (ConsumerGroupHeartbeatRequestData.TopicPartitions topic : request.topicPartitions()) {
            Topic known = topicsById.get(topic.topicId());
            if (known != null) {
                topic.partitions().forEach(partition -> owned.add(new TopicPartition(known.name(), partition)));
            }
        }
        return owned;
    }

    private ConsumerGroupHeartbeatResponseData.Assignment responseAssignment(Set<TopicPartition> partitions) {
        Map<String, Topic> byName = assigner.topicsByName();
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(partition -> byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>())
                .add(partition.partition()));
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> result = new ArrayList<>();
        byTopic.forEach((name, list) -> {
            Topic topic = byName.get(name);
            if (topic != null) {
                Collections.sort(list);
                result.add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                        .setTopicId(topic.id())
                        .setPartitions(list));
            }
        });
        return new ConsumerGroupHeartbeatResponseData.Assignment().setTopicPartitions(result);
    }
}
