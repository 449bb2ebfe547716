package io.samsa.core.coordinator.group;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of a KIP-848 consumer group and its members, as the coordinator keeps it in memory
 * and persists it ({@link GroupRecord.ConsumerGroupMetadata}). Plain mutable holders: the
 * heartbeat handler and the assigner change them on the coordinator's thread only.
 */
final class ConsumerGroup {
    final String groupId;
    int groupEpoch;
    int assignmentEpoch;
    final Map<String, Member> members = new LinkedHashMap<>();
    /** Partition counts of the subscribed topics when the target was last computed; null after loading. */
    Map<String, Integer> subscribedMetadata;

    ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    /** Kafka's consumer group states: Empty, Assigning, Reconciling, Stable. */
    String state() {
        if (members.isEmpty()) {
            return "Empty";
        }
        if (groupEpoch > assignmentEpoch) {
            return "Assigning";
        }
        for (Member member : members.values()) {
            if (member.memberEpoch != assignmentEpoch || member.state != MemberState.STABLE) {
                return "Reconciling";
            }
        }
        return "Stable";
    }

    Member staticMember(String instanceId) {
        for (Member member : members.values()) {
            if (instanceId.equals(member.instanceId)) {
                return member;
            }
        }
        return null;
    }

    /** A member's reconciliation state, as Kafka's {@code MemberState}. */
    enum MemberState {
        STABLE, UNREVOKED_PARTITIONS, UNRELEASED_PARTITIONS
    }

    static final class Member {
        final String memberId;
        String instanceId;
        String rackId;
        String clientId = "";
        String clientHost = "";
        List<String> subscribedTopicNames = List.of();
        String subscribedTopicRegex;
        String serverAssignor;
        int rebalanceTimeoutMs = -1;
        int memberEpoch;
        int previousMemberEpoch;
        MemberState state = MemberState.STABLE;
        Set<TopicPartition> assigned = new HashSet<>();
        Set<TopicPartition> pendingRevocation = new HashSet<>();
        Set<TopicPartition> target = new HashSet<>();
        GroupTimer.Cancellable sessionTimer;
        GroupTimer.Cancellable revocationTimer;

        Member(String memberId) {
            this.memberId = memberId;
        }

        GroupRecord.ConsumerMember toRecord() {
            return new GroupRecord.ConsumerMember(memberId, instanceId, rackId, clientId, clientHost,
                    subscribedTopicNames, subscribedTopicRegex, serverAssignor, rebalanceTimeoutMs, memberEpoch,
                    previousMemberEpoch, (byte) state.ordinal(), assigned, pendingRevocation, target);
        }

        static Member fromRecord(GroupRecord.ConsumerMember record) {
            Member member = new Member(record.memberId());
            member.instanceId = record.instanceId();
            member.rackId = record.rackId();
            member.clientId = record.clientId() == null ? "" : record.clientId();
            member.clientHost = record.clientHost() == null ? "" : record.clientHost();
            member.subscribedTopicNames = record.subscribedTopicNames();
            member.subscribedTopicRegex = record.subscribedTopicRegex();
            member.serverAssignor = record.serverAssignor();
            member.rebalanceTimeoutMs = record.rebalanceTimeoutMs();
            member.memberEpoch = record.memberEpoch();
            member.previousMemberEpoch = record.previousMemberEpoch();
            int state = record.state();
            member.state = state >= 0 && state < MemberState.values().length ? MemberState.values()[state] : MemberState.STABLE;
            member.assigned = new HashSet<>(record.assigned());
            member.pendingRevocation = new HashSet<>(record.pendingRevocation());
            member.target = new HashSet<>(record.target());
            return member;
        }

        void cancelTimers() {
            cancelSession();
            cancelRevocation();
        }

        void cancelSession() {
            if (sessionTimer != null) {
                sessionTimer.cancel();
                sessionTimer = null;
            }
        }

        void cancelRevocation() {
            if (revocationTimer != null) {
                revocationTimer.cancel();
                revocationTimer = null;
            }
        }
    }
}
