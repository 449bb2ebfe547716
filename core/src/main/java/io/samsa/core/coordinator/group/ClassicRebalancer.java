package io.samsa.core.coordinator.group;

import static io.samsa.core.coordinator.group.ClassicGroupManager.joinError;
import static io.samsa.core.coordinator.group.ClassicGroupManager.joinResponse;
import static io.samsa.core.coordinator.group.ClassicGroupManager.syncError;
import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.SyncGroupResponseData;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalance phases of a classic group and the timers that drive them: the initial rebalance
 * delay of new groups, rebalance timeouts (members that do not rejoin or sync in time are
 * dropped) and session timeouts (members that stop heartbeating are removed and the group
 * rebalances). The request handlers share it so that every path into a rebalance runs the same
 * state machine; runs on the coordinator's thread only.
 */
final class ClassicRebalancer {
    private static final Logger log = LoggerFactory.getLogger(ClassicRebalancer.class);

    private final GroupRuntime runtime;

    ClassicRebalancer(GroupRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    void maybePrepareRebalanceOrCompleteJoin(ClassicGroup group, String reason) {
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
    void maybeCompleteJoinPhase(ClassicGroup group) {
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

    void resetAndPropagateAssignmentWithError(ClassicGroup group, ErrorCode error) {
        group.members().forEach(member -> member.setAssignment(ClassicGroupMember.EMPTY_ASSIGNMENT));
        propagateAssignment(group, error);
    }

    void propagateAssignment(ClassicGroup group, ErrorCode error) {
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

    // ---------------------------------------------------------------- session timeouts

    void rescheduleHeartbeat(ClassicGroup group, ClassicGroupMember member, long timeoutMs) {
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

    void expireHeartbeat(String groupId, String memberId) {
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

    /** Persists the group's current state (after a rebalance or a replacement). */
    private void persist(ClassicGroup group) {
        runtime.append(group.groupId(), List.of(group.toRecord())).whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("Cannot persist group {} generation {}: {}", group.groupId(), group.generationId(),
                        GroupRuntime.appendError(failure));
            }
        });
    }
}
