package io.samsa.core.coordinator.group;

import static io.samsa.core.coordinator.group.ClassicGroupManager.joinError;
import static io.samsa.core.coordinator.group.ClassicGroupManager.syncError;
import static io.samsa.core.coordinator.group.ClassicGroupManager.validateMember;
import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.HeartbeatRequestData;
import io.samsa.protocol.message.HeartbeatResponseData;
import io.samsa.protocol.message.LeaveGroupRequestData.MemberIdentity;
import io.samsa.protocol.message.LeaveGroupResponseData;
import io.samsa.protocol.message.LeaveGroupResponseData.MemberResponse;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeat and LeaveGroup of the classic protocol: a heartbeat restarts the member's session
 * timer and tells it whether a rebalance is under way; leaving members are removed at once so
 * the group need not wait for their session timeouts.
 */
final class ClassicHeartbeatLeaveHandler {
    private static final Logger log = LoggerFactory.getLogger(ClassicHeartbeatLeaveHandler.class);

    private final GroupRuntime runtime;
    private final ClassicRebalancer rebalancer;

    ClassicHeartbeatLeaveHandler(GroupRuntime runtime, ClassicRebalancer rebalancer) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.rebalancer = requireNonNull(rebalancer, "rebalancer is null");
    }

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
                rebalancer.rescheduleHeartbeat(group, member, member.sessionTimeoutMs());
                yield ErrorCode.REBALANCE_IN_PROGRESS;
            }
            case COMPLETING_REBALANCE, STABLE -> {
                rebalancer.rescheduleHeartbeat(group, member, member.sessionTimeoutMs());
                yield ErrorCode.NONE;
            }
        };
    }

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
                case STABLE, COMPLETING_REBALANCE -> rebalancer.maybePrepareRebalanceOrCompleteJoin(group, "members left the group");
                case PREPARING_REBALANCE -> rebalancer.maybeCompleteJoinPhase(group);
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
}
