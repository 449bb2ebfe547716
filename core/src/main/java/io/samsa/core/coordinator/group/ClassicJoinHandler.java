package io.samsa.core.coordinator.group;

import static io.samsa.core.coordinator.group.ClassicGroupManager.joinError;
import static io.samsa.core.coordinator.group.ClassicGroupManager.joinResponse;
import static io.samsa.core.coordinator.group.ClassicGroupManager.validateMember;
import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupRequestData;
import io.samsa.protocol.message.JoinGroupResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JoinGroup of the classic protocol: KIP-394 (new members get their id from MEMBER_ID_REQUIRED
 * and join again with it), KIP-345 static membership (a restarted instance takes over its
 * predecessor's id and assignment without a rebalance; a stale instance is fenced) and KIP-814
 * (a rejoining static leader skips the assignment). A JoinGroup that has to wait parks its
 * response future on the member until {@link ClassicRebalancer} ends the join phase.
 */
final class ClassicJoinHandler {
    private static final Logger log = LoggerFactory.getLogger(ClassicJoinHandler.class);

    /**
     * How long a new member's JoinGroup may wait: it has no id to heartbeat with yet, and a client
     * that gave up must not hold the rebalance forever (Kafka's 5 minutes).
     */
    static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;

    private final GroupRuntime runtime;
    private final ClassicRebalancer rebalancer;

    ClassicJoinHandler(GroupRuntime runtime, ClassicRebalancer rebalancer) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.rebalancer = requireNonNull(rebalancer, "rebalancer is null");
    }

    CompletableFuture<JoinGroupResponseData> joinGroup(GroupRequestContext context, JoinGroupRequestData request) {
        CompletableFuture<JoinGroupResponseData> response = new CompletableFuture<>();
        String groupId = request.groupId();
        String memberId = request.memberId();
        if (groupId == null || groupId.isEmpty()) {
            response.complete(joinError(memberId, ErrorCode.INVALID_GROUP_ID));
            return response;
        }
        if (request.sessionTimeoutMs() < runtime.config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > runtime.config.maxSessionTimeoutMs()) {
            response.complete(joinError(memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
            return response;
        }
        boolean unknownMember = memberId.isEmpty();
        ClassicGroup group = runtime.groups.get(groupId);
        boolean created = false;
        if (group == null) {
            if (!unknownMember) {
                response.complete(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
                return response;
            }
            group = new ClassicGroup(groupId, runtime.now());
            runtime.groups.put(groupId, group);
            created = true;
        }
        Join join = new Join(context, request, response);
        if (!acceptJoiningMember(group, memberId)) {
            group.remove(memberId);
            response.complete(joinError("", ErrorCode.GROUP_MAX_SIZE_REACHED));
        } else if (unknownMember) {
            joinNewMember(join, group);
        } else {
            joinExistingMember(join, group);
        }
        if (created && group.isEmpty() && group.pendingJoinCount() == 0 && group.offsets().isEmpty()) {
            // Nothing joined (a refused request): leave no trace of the group.
            runtime.groups.remove(groupId, group);
        }
        return response;
    }

    /** A JoinGroup with what the version implies already worked out. */
    private record Join(GroupRequestContext context, JoinGroupRequestData request,
            CompletableFuture<JoinGroupResponseData> response) {
        String groupInstanceId() {
            return request.groupInstanceId();
        }

        /** v0 has no rebalance timeout: the session timeout serves for both. */
        int rebalanceTimeoutMs() {
            return context.apiVersion() == 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
        }

        List<ClassicGroupMember.Protocol> protocols() {
            List<ClassicGroupMember.Protocol> protocols = new ArrayList<>();
            request.protocols().forEach(protocol -> protocols.add(new ClassicGroupMember.Protocol(protocol.name(),
                    protocol.metadata())));
            return protocols;
        }

        /** KIP-394: from v4 a new dynamic member first gets its id and must join again with it. */
        boolean requiresKnownMemberId() {
            return context.apiVersion() >= 4 && request.groupInstanceId() == null;
        }

        /** KIP-814: from v9 a rejoining static leader is told to skip the assignment. */
        boolean supportsSkippingAssignment() {
            return context.apiVersion() >= 9;
        }
    }

    private boolean acceptJoiningMember(ClassicGroup group, String memberId) {
        int max = runtime.config.maxSize();
        return switch (group.state()) {
            case EMPTY, DEAD -> true;
            case PREPARING_REBALANCE -> (group.hasMember(memberId) && group.member(memberId).isAwaitingJoin())
                    || group.awaitingJoinCount() < max;
            case COMPLETING_REBALANCE, STABLE -> group.hasMember(memberId) || group.size() < max;
        };
    }

    private void joinNewMember(Join join, ClassicGroup group) {
        if (group.isInState(GroupState.DEAD)) {
            // The group is being deleted; the client finds the coordinator again and retries.
            join.response().complete(joinError("", ErrorCode.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        if (!group.supportsProtocols(join.request().protocolType(), join.protocols())) {
            join.response().complete(joinError("", ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        String newMemberId = ClassicGroup.newMemberId(join.context().clientId(), join.groupInstanceId());
        if (join.groupInstanceId() != null) {
            String existing = group.staticMemberId(join.groupInstanceId());
            if (existing != null) {
                log.info("Static member {} of group {} rejoins with a new member id in state {}; {} replaces {}",
                        join.groupInstanceId(), group.groupId(), group.state().displayName(), newMemberId, existing);
                updateStaticMemberThenRebalanceOrCompleteJoin(join, group, existing, newMemberId);
            } else {
                addMemberThenRebalanceOrCompleteJoin(join, group, newMemberId);
            }
        } else if (join.requiresKnownMemberId()) {
            String groupId = group.groupId();
            group.addPendingMember(newMemberId, runtime.schedule(join.request().sessionTimeoutMs(),
                    () -> rebalancer.expireHeartbeat(groupId, newMemberId)));
            join.response().complete(joinError(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
        } else {
            addMemberThenRebalanceOrCompleteJoin(join, group, newMemberId);
        }
    }

    private void joinExistingMember(Join join, ClassicGroup group) {
        String memberId = join.request().memberId();
        if (group.isInState(GroupState.DEAD)) {
            join.response().complete(joinError(memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        if (!group.supportsProtocols(join.request().protocolType(), join.protocols())) {
            join.response().complete(joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        if (group.isPendingMember(memberId)) {
            if (join.groupInstanceId() != null) {
                join.response().complete(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
                return;
            }
            addMemberThenRebalanceOrCompleteJoin(join, group, memberId);
            return;
        }
        ErrorCode invalid = validateMember(group, memberId, join.groupInstanceId());
        if (invalid != ErrorCode.NONE) {
            join.response().complete(joinError(memberId, invalid));
            return;
        }
        ClassicGroupMember member = group.member(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberThenRebalanceOrCompleteJoin(join, group, member,
                    "member " + memberId + " rejoins during the rebalance");
            case COMPLETING_REBALANCE -> {
                if (member.matches(join.protocols())) {
                    // The member lost its JoinGroup answer: give it the current generation again.
                    join.response().complete(joinResponse(group, memberId,
                            group.isLeader(memberId) ? group.leaderMemberList() : List.of(), group.leaderId(), false));
                } else {
                    updateMemberThenRebalanceOrCompleteJoin(join, group, member,
                            "member " + memberId + " changed its metadata");
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId)) {
                    // The leader rejoins to make the group reassign (e.g. its topics changed).
                    updateMemberThenRebalanceOrCompleteJoin(join, group, member, "the leader " + memberId + " rejoins");
                } else if (!member.matches(join.protocols())) {
                    updateMemberThenRebalanceOrCompleteJoin(join, group, member,
                            "member " + memberId + " changed its metadata");
                } else {
                    // A follower without changes: it may sync with the current generation.
                    join.response().complete(joinResponse(group, memberId, List.of(), group.leaderId(), false));
                }
            }
            case EMPTY, DEAD -> join.response().complete(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
        }
    }

    private void addMemberThenRebalanceOrCompleteJoin(Join join, ClassicGroup group, String memberId) {
        ClassicGroupMember member = new ClassicGroupMember(memberId, join.groupInstanceId(), join.context().clientId(),
                join.context().clientHost(), join.rebalanceTimeoutMs(), join.request().sessionTimeoutMs(),
                join.request().protocolType(), join.protocols());
        member.setNew(true);
        if (group.isInState(GroupState.PREPARING_REBALANCE) && group.previousState() == GroupState.EMPTY) {
            // The initial rebalance waits a little longer for each newcomer.
            group.setNewMemberAdded(true);
        }
        group.add(member, join.response());
        rebalancer.rescheduleHeartbeat(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
        rebalancer.maybePrepareRebalanceOrCompleteJoin(group, "member " + memberId + " joins");
    }

    private void updateMemberThenRebalanceOrCompleteJoin(Join join, ClassicGroup group, ClassicGroupMember member,
            String reason) {
        group.updateMember(member, join.protocols(), join.rebalanceTimeoutMs(), join.request().sessionTimeoutMs(),
                join.response());
        rebalancer.maybePrepareRebalanceOrCompleteJoin(group, reason);
    }

    /**
     * A static member's new instance joins with an unknown member id: it takes the old member's
     * place. In a stable group whose protocol stays the same there is no rebalance: the group is
     * persisted with the new id and the member gets the current generation (and its assignment
     * when it syncs).
     */
    private void updateStaticMemberThenRebalanceOrCompleteJoin(Join join, ClassicGroup group, String oldMemberId,
            String newMemberId) {
        String currentLeader = group.leaderId();
        ClassicGroupMember newMember = group.replaceStaticMember(join.groupInstanceId(), oldMemberId, newMemberId);
        rebalancer.rescheduleHeartbeat(group, newMember, newMember.sessionTimeoutMs());
        List<ClassicGroupMember.Protocol> oldProtocols = newMember.protocols();
        int oldRebalanceTimeoutMs = newMember.rebalanceTimeoutMs();
        int oldSessionTimeoutMs = newMember.sessionTimeoutMs();
        group.updateMember(newMember, join.protocols(), join.rebalanceTimeoutMs(), join.request().sessionTimeoutMs(),
                join.response());
        switch (group.state()) {
            case STABLE -> {
                if (!Objects.equals(group.protocolName(), group.selectProtocol())) {
                    rebalancer.maybePrepareRebalanceOrCompleteJoin(group, "static member " + newMemberId
                            + " changes the group's protocol");
                    return;
                }
                int generation = group.generationId();
                runtime.append(group.groupId(), List.of(group.toRecord())).whenComplete((ignored, failure) -> {
                    if (newMember.awaitingJoin() != join.response()) {
                        return;
                    }
                    if (failure != null) {
                        ErrorCode error = GroupRuntime.appendError(failure);
                        log.warn("Cannot persist static member {} of group {} with id {} ({}); reverting to {}",
                                join.groupInstanceId(), group.groupId(), newMemberId, error, oldMemberId);
                        group.updateMember(newMember, oldProtocols, oldRebalanceTimeoutMs, oldSessionTimeoutMs, null);
                        if (group.member(newMemberId) == newMember) {
                            ClassicGroupMember old = group.replaceStaticMember(join.groupInstanceId(), newMemberId, oldMemberId);
                            rebalancer.rescheduleHeartbeat(group, old, old.sessionTimeoutMs());
                        }
                        join.response().complete(new JoinGroupResponseData()
                                .setMemberId("")
                                .setGenerationId(generation)
                                .setProtocolType(group.protocolType())
                                .setProtocolName(group.protocolName())
                                .setLeader(currentLeader)
                                .setErrorCode(error.code()));
                    } else if (group.isInState(GroupState.STABLE) && group.generationId() == generation) {
                        if (join.supportsSkippingAssignment()) {
                            boolean leader = group.isLeader(newMemberId);
                            group.completeJoin(newMember, joinResponse(group, newMemberId,
                                    leader ? group.leaderMemberList() : List.of(), group.leaderId(), leader));
                        } else {
                            // Older clients would reassign if told they lead: name the old leader id.
                            group.completeJoin(newMember, joinResponse(group, newMemberId, List.of(), currentLeader, false));
                        }
                    }
                    // Otherwise a rebalance began meanwhile and answers the parked request.
                });
            }
            case COMPLETING_REBALANCE ->
                // The leader may be assigning to the old member id: the assignment would miss the new one.
                rebalancer.prepareRebalance(group, "static member " + join.groupInstanceId() + " rejoins while the group syncs");
            case PREPARING_REBALANCE -> rebalancer.maybeCompleteJoinPhase(group);
            case EMPTY, DEAD -> throw new IllegalStateException("group " + group.groupId() + " has a static member in state "
                    + group.state());
        }
    }
}
