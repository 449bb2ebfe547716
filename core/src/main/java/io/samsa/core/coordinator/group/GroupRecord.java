package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the coordinator writes to {@code __consumer_offsets}: per key (a group, or a group's
 * partition) the latest record wins on replay, and a removal is a tombstone (a null value).
 * {@link GroupRecordCodec} gives the byte form.
 */
public sealed interface GroupRecord {
    String groupId();

    /** A committed offset of one partition. Key: (group, topic, partition). */
    record OffsetCommitted(String groupId, TopicPartition partition, CommittedOffset offset) implements GroupRecord {
        public OffsetCommitted {
            requireNonNull(groupId, "groupId is null");
            requireNonNull(partition, "partition is null");
            requireNonNull(offset, "offset is null");
        }
    }

    /** Tombstone of a committed offset (OffsetDelete, DeleteGroups). */
    record OffsetRemoved(String groupId, TopicPartition partition) implements GroupRecord {
        public OffsetRemoved {
            requireNonNull(groupId, "groupId is null");
            requireNonNull(partition, "partition is null");
        }
    }

    /**
     * A classic group after a rebalance (or a static member's replacement). Key: (group).
     *
     * @param protocolType null for a group without any member so far
     * @param protocolName null when the group is empty
     * @param leaderId null when the group is empty
     */
    record GroupMetadata(String groupId, String protocolType, int generationId, String protocolName, String leaderId,
            long stateTimestamp, List<MemberMetadata> members) implements GroupRecord {
        public GroupMetadata {
            requireNonNull(groupId, "groupId is null");
            members = List.copyOf(members);
        }
    }

    /** Tombstone of a group (DeleteGroups). */
    record GroupRemoved(String groupId) implements GroupRecord {
        public GroupRemoved {
            requireNonNull(groupId, "groupId is null");
        }
    }

    /**
     * A member as stored with its group.
     *
     * @param groupInstanceId null for a dynamic member
     * @param subscription the member's metadata for the group's protocol
     * @param assignment what the leader assigned it
     */
    record MemberMetadata(String memberId, String groupInstanceId, String clientId, String clientHost,
            int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
        public MemberMetadata {
            requireNonNull(memberId, "memberId is null");
            requireNonNull(clientId, "clientId is null");
            requireNonNull(clientHost, "clientHost is null");
            subscription = subscription == null ? new byte[0] : subscription;
            assignment = assignment == null ? new byte[0] : assignment;
        }
    }

    /**
     * A KIP-848 consumer group (ConsumerGroupHeartbeat): its epochs and members with their
     * subscriptions, reconciled assignments and targets. Key: (group), apart from a classic
     * group's key; the latest record wins.
     */
    record ConsumerGroupMetadata(String groupId, int groupEpoch, int assignmentEpoch, List<ConsumerMember> members)
            implements GroupRecord {
        public ConsumerGroupMetadata {
            requireNonNull(groupId, "groupId is null");
            members = List.copyOf(members);
        }
    }

    /** Tombstone of a consumer group (DeleteGroups, or converted back). */
    record ConsumerGroupRemoved(String groupId) implements GroupRecord {
        public ConsumerGroupRemoved {
            requireNonNull(groupId, "groupId is null");
        }
    }

    /**
     * A consumer group member as stored.
     *
     * @param state the reconciliation state (see {@code ConsumerGroup.MemberState})
     */
    record ConsumerMember(String memberId, String instanceId, String rackId, String clientId, String clientHost,
            List<String> subscribedTopicNames, String subscribedTopicRegex, String serverAssignor,
            int rebalanceTimeoutMs, int memberEpoch, int previousMemberEpoch, byte state,
            java.util.Set<TopicPartition> assigned, java.util.Set<TopicPartition> pendingRevocation,
            java.util.Set<TopicPartition> target) {
        public ConsumerMember {
            requireNonNull(memberId, "memberId is null");
            subscribedTopicNames = List.copyOf(subscribedTopicNames);
            assigned = java.util.Set.copyOf(assigned);
            pendingRevocation = java.util.Set.copyOf(pendingRevocation);
            target = java.util.Set.copyOf(target);
        }
    }
}
