package io.samsa.core.coordinator.group;

import static io.samsa.core.coordinator.group.ClassicGroupManager.syncError;
import static io.samsa.core.coordinator.group.ClassicGroupManager.validateMember;
import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.SyncGroupRequestData;
import io.samsa.protocol.message.SyncGroupResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SyncGroup of the classic protocol: followers park until the leader's assignment is persisted,
 * then every member gets its part (or the error that stopped it).
 */
final class ClassicSyncHandler {
    private static final Logger log = LoggerFactory.getLogger(ClassicSyncHandler.class);

    private final GroupRuntime runtime;
    private final ClassicRebalancer rebalancer;

    ClassicSyncHandler(GroupRuntime runtime, ClassicRebalancer rebalancer) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.rebalancer = requireNonNull(rebalancer, "rebalancer is null");
    }

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
                rebalancer.resetAndPropagateAssignmentWithError(group, error);
                rebalancer.maybePrepareRebalanceOrCompleteJoin(group, "storing the assignment failed with " + error);
            } else {
                group.members().forEach(member -> member.setAssignment(assignments.get(member.memberId())));
                rebalancer.propagateAssignment(group, ErrorCode.NONE);
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
}
