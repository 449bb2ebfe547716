package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.HeartbeatRequestData;
import io.samsa.protocol.message.HeartbeatResponseData;
import io.samsa.protocol.message.JoinGroupRequestData;
import io.samsa.protocol.message.JoinGroupResponseData;
import io.samsa.protocol.message.LeaveGroupRequestData.MemberIdentity;
import io.samsa.protocol.message.LeaveGroupResponseData;
import io.samsa.protocol.message.LeaveGroupResponseData.MemberResponse;
import io.samsa.protocol.message.SyncGroupRequestData;
import io.samsa.protocol.message.SyncGroupResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic rebalance protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) as Kafka's group
 * coordinator runs it, including KIP-394 (new members get their id from MEMBER_ID_REQUIRED and
 * join again with it), KIP-345 static membership (a restarted instance takes over its
 * predecessor's id and assignment without a rebalance; a stale instance is fenced), KIP-814
 * (a rejoining static leader skips the assignment), the initial rebalance delay of new groups,
 * rebalance timeouts (members that do not rejoin are dropped) and session timeouts (members that
 * stop heartbeating are removed and the group rebalances).
 *
 * <p>Runs on the coordinator's thread only. A JoinGroup or SyncGroup that has to wait parks its
 * response future on the member; timers and completed appends come back to the same thread.
 */
final class ClassicGroupManager {
    private static final Logger log = LoggerFactory.getLogger(ClassicGroupManager.class);
    /**
     * How long a new member's JoinGroup may wait: it has no id to heartbeat with yet, and a client
     * that gave up must not hold the rebalance forever (Kafka's 5 minutes).
     */
    static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;

    private final GroupRuntime runtime;

    ClassicGroupManager(GroupRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    // ---------------------------------------------------------------- JoinGroup

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
                    () -> expireHeartbeat(groupId, newMemberId)));
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
        rescheduleHeartbeat(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
        maybePrepareRebalanceOrCompleteJoin(group, "member " + memberId + " joins");
    }

    private void updateMemberThenRebalanceOrCompleteJoin(Join join, ClassicGroup group, ClassicGroupMember member,
            String reason) {
        group.updateMember(member, join.protocols(), join.rebalanceTimeoutMs(), join.request().sessionTimeoutMs(),
                join.response());
        maybePrepareRebalanceOrCompleteJoin(group, reason);
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
        rescheduleHeartbeat(group, newMember, newMember.sessionTimeoutMs());
        List<ClassicGroupMember.Protocol> oldProtocols = newMember.protocols();
        int oldRebalanceTimeoutMs = newMember.rebalanceTimeoutMs();
        int oldSessionTimeoutMs = newMember.sessionTimeoutMs();
        group.updateMember(newMember, join.protocols(), join.rebalanceTimeoutMs(), join.request().sessionTimeoutMs(),
                join.response());
        switch (group.state()) {
            case STABLE -> {
                if (!Objects.equals(group.protocolName(), group.selectProtocol())) {
                    maybePrepareRebalanceOrCompleteJoin(group, "static member " + newMemberId
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
                            rescheduleHeartbeat(group, old, old.sessionTimeoutMs());
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
                prepareRebalance(group, "static member " + join.groupInstanceId() + " rejoins while the group syncs");
            case PREPARING_REBALANCE -> maybeCompleteJoinPhase(group);
            case EMPTY, DEAD -> throw new IllegalStateException("group " + group.groupId() + " has a static member in state "
                    + group.state());
        }
    }

    // ---------------------------------------------------------------- rebalance phases

    private void maybePrepareRebalanceOrCompleteJoin(ClassicGroup group, String reason) {
        if (group.canRebalance()) {
            prepareRebalance(group, reason);
        } else {
            maybeCompleteJoinPhase(group);
        }
    }

    /** Starts a rebalance: members are told to rejoin; an empty group first waits the initial delay. */
    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.isInState(GroupState.COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentWithError(group, ErrorCode.REBALANCE_IN_PROGRESS);
        }
        group.clearPendingSyncMembers();
        group.cancelSyncTimer();
        boolean initial = group.isInState(GroupState.EMPTY);
        if (initial) {
            int delayMs = runtime.config.initialRebalanceDelayMs();
            int remainingMs = Math.max(group.rebalanceTimeoutMs() - delayMs, 0);
            String groupId = group.groupId();
            group.setJoinTimer(runtime.schedule(delayMs,
                    () -> tryCompleteInitialRebalanceElseSchedule(groupId, delayMs, remainingMs)));
        }
        group.transitionTo(GroupState.PREPARING_REBALANCE, runtime.now());
        log.info("Preparing to rebalance group {} with old generation {} ({})", group.groupId(), group.generationId(), reason);
        if (!initial) {
            maybeCompleteJoinElseSchedule(group);
        }
    }

    private void maybeCompleteJoinElseSchedule(ClassicGroup group) {
        if (group.hasAllMembersJoined()) {
            completeJoin(group);
        } else {
            String groupId = group.groupId();
            group.setJoinTimer(runtime.schedule(group.rebalanceTimeoutMs(), () -> completeJoin(groupId)));
        }
    }

    private void tryCompleteInitialRebalanceElseSchedule(String groupId, int delayMs, int remainingMs) {
        ClassicGroup group = runtime.groups.get(groupId);
        if (group == null || !group.isInState(GroupState.PREPARING_REBALANCE)) {
            return;
        }
        if (group.newMemberAdded() && remainingMs != 0) {
            group.setNewMemberAdded(false);
            int nextDelayMs = Math.min(runtime.config.initialRebalanceDelayMs(), remainingMs);
            int nextRemainingMs = Math.max(remainingMs - delayMs, 0);
            group.setJoinTimer(runtime.schedule(nextDelayMs,
                    () -> tryCompleteInitialRebalanceElseSchedule(groupId, nextDelayMs, nextRemainingMs)));
        } else {
            completeJoin(group);
        }
    }

    /** The join phase ends unless this is the initial rebalance, which waits for its delay. */
    private void maybeCompleteJoinPhase(ClassicGroup group) {
        if (group.isInState(GroupState.PREPARING_REBALANCE) && group.previousState() != GroupState.EMPTY
                && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    private void completeJoin(String groupId) {
        ClassicGroup group = runtime.groups.get(groupId);
        if (group != null && group.isInState(GroupState.PREPARING_REBALANCE)) {
            completeJoin(group);
        }
    }

    /**
     * Ends the join phase: dynamic members that did not rejoin are dropped, the generation
     * advances, and every member gets its JoinGroup answer (the leader with the member list); or
     * the group becomes Empty.
     */
    private void completeJoin(ClassicGroup group) {
        group.cancelJoinTimer();
        String groupId = group.groupId();
        List<String> dropped = new ArrayList<>();
        for (ClassicGroupMember member : group.notYetRejoined()) {
            if (!member.isStatic()) {
                group.remove(member.memberId());
                dropped.add(member.memberId());
            }
        }
        if (!dropped.isEmpty()) {
            log.info("Group {} dropped members that did not rejoin in time: {}", groupId, dropped);
        }
        if (group.isInState(GroupState.DEAD)) {
            return;
        }
        if (!group.maybeElectNewJoinedLeader() && !group.isEmpty()) {
            // Nobody rejoined: wait until the session timeouts have removed the silent members.
            log.warn("Group {} could not complete its rebalance because no member rejoined", groupId);
            group.setJoinTimer(runtime.schedule(group.rebalanceTimeoutMs(), () -> completeJoin(groupId)));
            return;
        }
        group.initNextGeneration(runtime.now());
        if (group.isInState(GroupState.EMPTY)) {
            log.info("Group {} with generation {} is now empty", groupId, group.generationId());
            persist(group);
            return;
        }
        log.info("Stabilized group {} generation {} ({}) with {} members", groupId, group.generationId(),
                group.protocolName(), group.size());
        for (ClassicGroupMember member : group.memberList()) {
            boolean leader = group.isLeader(member.memberId());
            group.completeJoin(member, joinResponse(group, member.memberId(),
                    leader ? group.leaderMemberList() : List.of(), group.leaderId(), false));
            rescheduleHeartbeat(group, member, member.sessionTimeoutMs());
            member.setNew(false);
            group.addPendingSyncMember(member.memberId());
        }
        int generation = group.generationId();
        group.setSyncTimer(runtime.schedule(group.rebalanceTimeoutMs(), () -> expirePendingSync(groupId, generation)));
    }

    /** Members that got the new generation but did not sync within the rebalance timeout are dropped. */
    private void expirePendingSync(String groupId, int generation) {
        ClassicGroup group = runtime.groups.get(groupId);
        if (group == null || group.generationId() != generation) {
            return;
        }
        if (group.isInState(GroupState.COMPLETING_REBALANCE) || group.isInState(GroupState.STABLE)) {
            var pending = group.pendingSyncMembers();
            if (!pending.isEmpty()) {
                pending.forEach(group::remove);
                log.info("Group {} dropped members that did not sync in time: {}", groupId, pending);
                prepareRebalance(group, "members " + pending + " did not sync");
            }
        }
    }

    private void resetAndPropagateAssignmentWithError(ClassicGroup group, ErrorCode error) {
        group.members().forEach(member -> member.setAssignment(ClassicGroupMember.EMPTY_ASSIGNMENT));
        propagateAssignment(group, error);
    }

    private void propagateAssignment(ClassicGroup group, ErrorCode error) {
        boolean ok = error == ErrorCode.NONE;
        for (ClassicGroupMember member : group.memberList()) {
            SyncGroupResponseData response = new SyncGroupResponseData()
                    .setProtocolType(ok ? group.protocolType() : null)
                    .setProtocolName(ok ? group.protocolName() : null)
                    .setAssignment(member.assignment())
                    .setErrorCode(error.code());
            if (group.completeSync(member, response)) {
                // Its session restarts now: expiries passed while it waited did not count.
                rescheduleHeartbeat(group, member, member.sessionTimeoutMs());
            }
        }
    }

    // ---------------------------------------------------------------- SyncGroup

    CompletableFuture<SyncGroupResponseData> syncGroup(GroupRequestContext context, SyncGroupRequestData request) {
        CompletableFuture<SyncGroupResponseData> response = new CompletableFuture<>();
        if (request.groupId() == null || request.groupId().isEmpty()) {
            response.complete(syncError(ErrorCode.INVALID_GROUP_ID));
            return response;
        }
        if (context.apiVersion() >= 5 && (request.protocolType() == null || request.protocolName() == null)) {
            response.complete(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
            return response;
        }
        ClassicGroup group = runtime.groups.get(request.groupId());
        if (group == null) {
            response.complete(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
            return response;
        }
        ErrorCode invalid = validateSync(group, request);
        if (invalid != ErrorCode.NONE) {
            response.complete(syncError(invalid));
            return response;
        }
        String memberId = request.memberId();
        switch (group.state()) {
            case EMPTY, DEAD -> response.complete(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
            case PREPARING_REBALANCE -> response.complete(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                ClassicGroupMember member = group.member(memberId);
                member.setAwaitingSync(response);
                group.removePendingSyncMember(memberId);
                if (group.isLeader(memberId)) {
                    storeAssignment(group, request);
                }
            }
            case STABLE -> {
                group.removePendingSyncMember(memberId);
                ClassicGroupMember member = group.member(memberId);
                response.complete(new SyncGroupResponseData()
                        .setProtocolType(group.protocolType())
                        .setProtocolName(group.protocolName())
                        .setAssignment(member.assignment())
                        .setErrorCode(ErrorCode.NONE.code()));
            }
        }
        return response;
    }

    /** The leader's assignment: persisted with the group, then relayed byte for byte to every member. */
    private void storeAssignment(ClassicGroup group, SyncGroupRequestData request) {
        Map<String, byte[]> assignments = new HashMap<>();
        request.assignments().forEach(assignment -> assignments.put(assignment.memberId(),
                assignment.assignment() == null ? ClassicGroupMember.EMPTY_ASSIGNMENT : assignment.assignment()));
        group.members().forEach(member -> assignments.putIfAbsent(member.memberId(), ClassicGroupMember.EMPTY_ASSIGNMENT));
        GroupRecord.GroupMetadata current = group.toRecord();
        List<GroupRecord.MemberMetadata> members = new ArrayList<>();
        current.members().forEach(member -> members.add(new GroupRecord.MemberMetadata(member.memberId(),
                member.groupInstanceId(), member.clientId(), member.clientHost(), member.rebalanceTimeoutMs(),
                member.sessionTimeoutMs(), member.subscription(), assignments.get(member.memberId()))));
        GroupRecord.GroupMetadata record = new GroupRecord.GroupMetadata(current.groupId(), current.protocolType(),
                current.generationId(), current.protocolName(), current.leaderId(), runtime.now(), members);
        int generation = request.generationId();
        runtime.append(group.groupId(), List.of(record)).whenComplete((ignored, failure) -> {
            // Another member may have joined meanwhile: only the same generation, still syncing, takes this.
            if (!group.isInState(GroupState.COMPLETING_REBALANCE) || group.generationId() != generation
                    || runtime.groups.get(group.groupId()) != group) {
                return;
            }
            if (failure != null) {
                ErrorCode error = GroupRuntime.appendError(failure);
                log.warn("Cannot store the assignment of group {} generation {}: {}", group.groupId(), generation, error);
                resetAndPropagateAssignmentWithError(group, error);
                maybePrepareRebalanceOrCompleteJoin(group, "storing the assignment failed with " + error);
            } else {
                group.members().forEach(member -> member.setAssignment(assignments.get(member.memberId())));
                propagateAssignment(group, ErrorCode.NONE);
                group.transitionTo(GroupState.STABLE, runtime.now());
            }
        });
    }

    private ErrorCode validateSync(ClassicGroup group, SyncGroupRequestData request) {
        if (group.isInState(GroupState.DEAD)) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        ErrorCode member = validateMember(group, request.memberId(), request.groupInstanceId());
        if (member != ErrorCode.NONE) {
            return member;
        }
        if (request.generationId() != group.generationId()) {
            return ErrorCode.ILLEGAL_GENERATION;
        }
        if (inconsistent(request.protocolType(), group.protocolType())
                || inconsistent(request.protocolName(), group.protocolName())) {
            return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
        }
        return ErrorCode.NONE;
    }

    private static boolean inconsistent(String requested, String current) {
        return requested != null && current != null && !requested.equals(current);
    }

    // ---------------------------------------------------------------- Heartbeat

    HeartbeatResponseData heartbeat(HeartbeatRequestData request) {
        return new HeartbeatResponseData().setErrorCode(heartbeatError(request).code());
    }

    private ErrorCode heartbeatError(HeartbeatRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return ErrorCode.INVALID_GROUP_ID;
        }
        ClassicGroup group = runtime.groups.get(request.groupId());
        if (group == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (group.isInState(GroupState.DEAD)) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        ErrorCode invalid = validateMember(group, request.memberId(), request.groupInstanceId());
        if (invalid != ErrorCode.NONE) {
            return invalid;
        }
        if (request.generationId() != group.generationId()) {
            return ErrorCode.ILLEGAL_GENERATION;
        }
        ClassicGroupMember member = group.member(request.memberId());
        return switch (group.state()) {
            case EMPTY, DEAD -> ErrorCode.UNKNOWN_MEMBER_ID;
            case PREPARING_REBALANCE -> {
                rescheduleHeartbeat(group, member, member.sessionTimeoutMs());
                yield ErrorCode.REBALANCE_IN_PROGRESS;
            }
            case COMPLETING_REBALANCE, STABLE -> {
                rescheduleHeartbeat(group, member, member.sessionTimeoutMs());
                yield ErrorCode.NONE;
            }
        };
    }

    private void rescheduleHeartbeat(ClassicGroup group, ClassicGroupMember member, long timeoutMs) {
        GroupTimer.Cancellable previous = member.heartbeat();
        if (previous != null) {
            previous.cancel();
        }
        String groupId = group.groupId();
        String memberId = member.memberId();
        member.setHeartbeat(runtime.schedule(timeoutMs, () -> expireHeartbeat(groupId, memberId)));
    }

    /** Restarts the session timers of members loaded from the log: they must heartbeat or be removed. */
    void scheduleLoadedMembers(ClassicGroup group) {
        group.members().forEach(member -> rescheduleHeartbeat(group, member, member.sessionTimeoutMs()));
    }

    private void expireHeartbeat(String groupId, String memberId) {
        ClassicGroup group = runtime.groups.get(groupId);
        if (group == null || group.isInState(GroupState.DEAD)) {
            return;
        }
        if (group.isPendingMember(memberId)) {
            log.info("Pending member {} of group {} did not join within its session timeout", memberId, groupId);
            group.removePendingMember(memberId);
            if (group.isInState(GroupState.PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
                completeJoin(group);
            }
            return;
        }
        ClassicGroupMember member = group.member(memberId);
        if (member != null && !member.hasSatisfiedHeartbeat()) {
            log.info("Member {} of group {} missed its session timeout; removing it", memberId, groupId);
            removeMemberAndUpdateGroup(group, member, "member " + memberId + " expired");
        }
    }

    private void removeMemberAndUpdateGroup(ClassicGroup group, ClassicGroupMember member, String reason) {
        // A new member may expire while parked in JoinGroup: it retries with UNKNOWN_MEMBER_ID.
        group.completeJoin(member, joinError("", ErrorCode.UNKNOWN_MEMBER_ID));
        group.completeSync(member, syncError(ErrorCode.UNKNOWN_MEMBER_ID));
        group.remove(member.memberId());
        if (group.isInState(GroupState.STABLE) || group.isInState(GroupState.COMPLETING_REBALANCE)) {
            maybePrepareRebalanceOrCompleteJoin(group, reason);
        } else if (group.isInState(GroupState.PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    // ---------------------------------------------------------------- LeaveGroup

    /**
     * Removes members (v3+ batches them; a member may be named by its instance id alone). The
     * top-level error is set only when the whole request fails; v0-2 callers take the first
     * member's error.
     */
    LeaveGroupResponseData leaveGroup(String groupId, List<MemberIdentity> leaving) {
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        if (groupId == null || groupId.isEmpty()) {
            return response.setErrorCode(ErrorCode.INVALID_GROUP_ID.code());
        }
        ClassicGroup group = runtime.groups.get(groupId);
        List<MemberResponse> results = new ArrayList<>();
        if (group == null) {
            leaving.forEach(identity -> results.add(memberResponse(identity, ErrorCode.UNKNOWN_MEMBER_ID)));
            return response.setMembers(results);
        }
        if (group.isInState(GroupState.DEAD)) {
            return response.setErrorCode(ErrorCode.COORDINATOR_NOT_AVAILABLE.code());
        }
        boolean changed = false;
        for (MemberIdentity identity : leaving) {
            String memberId = identity.memberId();
            String instanceId = identity.groupInstanceId();
            ErrorCode error;
            if (memberId == null || memberId.isEmpty()) {
                String staticId = instanceId == null ? null : group.staticMemberId(instanceId);
                if (staticId == null) {
                    error = ErrorCode.UNKNOWN_MEMBER_ID;
                } else {
                    removeLeavingMember(group, staticId);
                    changed = true;
                    error = ErrorCode.NONE;
                }
            } else if (group.isPendingMember(memberId)) {
                group.removePendingMember(memberId);
                changed = true;
                error = ErrorCode.NONE;
            } else {
                error = validateMember(group, memberId, instanceId);
                if (error == ErrorCode.NONE) {
                    removeLeavingMember(group, memberId);
                    changed = true;
                }
            }
            results.add(memberResponse(identity, error));
        }
        if (changed) {
            switch (group.state()) {
                case STABLE, COMPLETING_REBALANCE -> maybePrepareRebalanceOrCompleteJoin(group, "members left the group");
                case PREPARING_REBALANCE -> maybeCompleteJoinPhase(group);
                default -> { }
            }
        }
        return response.setMembers(results);
    }

    private void removeLeavingMember(ClassicGroup group, String memberId) {
        ClassicGroupMember member = group.member(memberId);
        log.info("Member {} leaves group {}", memberId, group.groupId());
        group.completeJoin(member, joinError("", ErrorCode.UNKNOWN_MEMBER_ID));
        group.completeSync(member, syncError(ErrorCode.UNKNOWN_MEMBER_ID));
        group.remove(memberId);
    }

    private static MemberResponse memberResponse(MemberIdentity identity, ErrorCode error) {
        return new MemberResponse()
                .setMemberId(identity.memberId())
                .setGroupInstanceId(identity.groupInstanceId())
                .setErrorCode(error.code());
    }

    // ---------------------------------------------------------------- shared

    /**
     * KIP-345 fencing: a request naming an instance id must come from the member that holds it;
     * without one, the member id must be in the group.
     */
    static ErrorCode validateMember(ClassicGroup group, String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String holder = group.staticMemberId(groupInstanceId);
            if (holder == null) {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
            return holder.equals(memberId) ? ErrorCode.NONE : ErrorCode.FENCED_INSTANCE_ID;
        }
        return group.hasMember(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }

    /** Persists the group's current state (after a rebalance or a replacement). */
    private void persist(ClassicGroup group) {
        runtime.append(group.groupId(), List.of(group.toRecord())).whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("Cannot persist group {} generation {}: {}", group.groupId(), group.generationId(),
                        GroupRuntime.appendError(failure));
            }
        });
    }

    private static JoinGroupResponseData joinResponse(ClassicGroup group, String memberId,
            List<JoinGroupResponseData.JoinGroupResponseMember> members, String leader, boolean skipAssignment) {
        return new JoinGroupResponseData()
                .setErrorCode(ErrorCode.NONE.code())
                .setGenerationId(group.generationId())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setLeader(leader == null ? "" : leader)
                .setSkipAssignment(skipAssignment)
                .setMemberId(memberId)
                .setMembers(new ArrayList<>(members));
    }

    static JoinGroupResponseData joinError(String memberId, ErrorCode error) {
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setGenerationId(-1)
                .setProtocolType(null)
                .setProtocolName(null)
                .setLeader("")
                .setMemberId(memberId == null ? "" : memberId);
    }

    static SyncGroupResponseData syncError(ErrorCode error) {
        return new SyncGroupResponseData()
                .setErrorCode(error.code())
                .setProtocolType(null)
                .setProtocolName(null)
                .setAssignment(ClassicGroupMember.EMPTY_ASSIGNMENT);
    }
}
