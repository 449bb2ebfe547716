package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.HeartbeatRequestData;
import io.samsa.protocol.message.HeartbeatResponseData;
import io.samsa.protocol.message.JoinGroupRequestData;
import io.samsa.protocol.message.JoinGroupResponseData;
import io.samsa.protocol.message.LeaveGroupRequestData.MemberIdentity;
import io.samsa.protocol.message.LeaveGroupResponseData;
import io.samsa.protocol.message.SyncGroupRequestData;
import io.samsa.protocol.message.SyncGroupResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
 *
 * <p>This class only routes requests and holds the answers and fencing rule every handler shares;
 * the handlers own one request each and {@link ClassicRebalancer} owns the state machine they all
 * drive, so that a change to one request cannot silently alter how another enters a rebalance.
 */
final class ClassicGroupManager {
    private final ClassicRebalancer rebalancer;
    private final ClassicJoinHandler joins;
    private final ClassicSyncHandler syncs;
    private final ClassicHeartbeatLeaveHandler heartbeats;

    ClassicGroupManager(GroupRuntime runtime) {
        requireNonNull(runtime, "runtime is null");
        this.rebalancer = new ClassicRebalancer(runtime);
        this.joins = new ClassicJoinHandler(runtime, rebalancer);
        this.syncs = new ClassicSyncHandler(runtime, rebalancer);
        this.heartbeats = new ClassicHeartbeatLeaveHandler(runtime, rebalancer);
    }

    CompletableFuture<JoinGroupResponseData> joinGroup(GroupRequestContext context, JoinGroupRequestData request) {
        return joins.joinGroup(context, request);
    }

    CompletableFuture<SyncGroupResponseData> syncGroup(GroupRequestContext context, SyncGroupRequestData request) {
        return syncs.syncGroup(context, request);
    }

    HeartbeatResponseData heartbeat(HeartbeatRequestData request) {
        return heartbeats.heartbeat(request);
    }

    /** See {@link ClassicHeartbeatLeaveHandler#leaveGroup}. */
    LeaveGroupResponseData leaveGroup(String groupId, List<MemberIdentity> leaving) {
        return heartbeats.leaveGroup(groupId, leaving);
    }

    /** Restarts the session timers of members loaded from the log: they must heartbeat or be removed. */
    void scheduleLoadedMembers(ClassicGroup group) {
        rebalancer.scheduleLoadedMembers(group);
    }

    // ---------------------------------------------------------------- answers shared by the handlers

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

    static JoinGroupResponseData joinResponse(ClassicGroup group, String memberId,
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
