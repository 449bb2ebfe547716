package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Committed offsets: OffsetCommit (with Kafka's generation and member checks for group members,
 * and simple commits with generation -1 for consumers outside group management), OffsetFetch and
 * OffsetDelete. A commit counts once its records are durable in {@code __consumer_offsets}.
 * Runs on the coordinator's thread only.
 */
final class OffsetManager {
    private final GroupRuntime runtime;

    OffsetManager(GroupRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /**
     * Commits offsets; every partition gets its own error.
     *
     * @param generationId the group generation, or -1 for a simple (standalone or admin) commit
     * @param apiVersion decides the error for a commit to an unknown group with a generation
     */
    CompletableFuture<Map<TopicPartition, ErrorCode>> commit(String groupId, int generationId, String memberId,
            String groupInstanceId, Map<TopicPartition, OffsetToCommit> offsets, short apiVersion) {
        Map<TopicPartition, ErrorCode> results = new LinkedHashMap<>();
        if (groupId == null || groupId.isEmpty()) {
            offsets.keySet().forEach(partition -> results.put(partition, ErrorCode.INVALID_GROUP_ID));
            return CompletableFuture.completedFuture(results);
        }
        ClassicGroup group = runtime.groups.get(groupId);
        boolean created = false;
        if (group == null) {
            if (generationId >= 0) {
                ErrorCode error = apiVersion >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION;
                offsets.keySet().forEach(partition -> results.put(partition, error));
                return CompletableFuture.completedFuture(results);
            }
            group = new ClassicGroup(groupId, runtime.now());
            created = true;
        }
        ErrorCode invalid = validateCommit(group, memberId == null ? "" : memberId, groupInstanceId, generationId);
        if (invalid != ErrorCode.NONE) {
            offsets.keySet().forEach(partition -> results.put(partition, invalid));
            return CompletableFuture.completedFuture(results);
        }
        long now = runtime.now();
        List<GroupRecord> records = new ArrayList<>();
        offsets.forEach((partition, commit) -> {
            String metadata = commit.metadata() == null ? "" : commit.metadata();
            if (metadata.length() > runtime.config.offsetMetadataMaxBytes()) {
                results.put(partition, ErrorCode.OFFSET_METADATA_TOO_LARGE);
            } else {
                results.put(partition, ErrorCode.NONE);
                records.add(new GroupRecord.OffsetCommitted(groupId, partition,
                        new CommittedOffset(commit.offset(), commit.leaderEpoch(), metadata, now)));
            }
        });
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(results);
        }
        if (created) {
            // A simple commit creates the group (Empty, no protocol), as in Kafka.
            runtime.groups.put(groupId, group);
        }
        ClassicGroup committing = group;
        boolean createdHere = created;
        return runtime.append(groupId, records).handle((ignored, failure) -> {
            if (failure != null) {
                ErrorCode error = GroupRuntime.appendError(failure);
                records.forEach(record -> results.put(((GroupRecord.OffsetCommitted) record).partition(), error));
                if (createdHere && committing.offsets().isEmpty() && committing.isEmpty()
                        && runtime.groups.get(groupId) == committing) {
                    runtime.groups.remove(groupId);
                }
            } else if (runtime.groups.get(groupId) == committing) {
                records.forEach(record -> {
                    var committed = (GroupRecord.OffsetCommitted) record;
                    committing.offsets().put(committed.partition(), committed.offset());
                });
            }
            return results;
        });
    }

    /** Kafka's ClassicGroup.validateOffsetCommit. */
    private static ErrorCode validateCommit(ClassicGroup group, String memberId, String groupInstanceId, int generationId) {
        if (group.isInState(GroupState.DEAD)) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        if (generationId < 0 && group.isInState(GroupState.EMPTY)) {
            // A consumer outside group management, or the admin client: allowed while nobody is in the group.
            return ErrorCode.NONE;
        }
        if (generationId >= 0 || !memberId.isEmpty() || groupInstanceId != null) {
            ErrorCode member = ClassicGroupManager.validateMember(group, memberId, groupInstanceId);
            if (member != ErrorCode.NONE) {
                return member;
            }
            if (generationId != group.generationId()) {
                return ErrorCode.ILLEGAL_GENERATION;
            }
        } else if (!group.isInState(GroupState.EMPTY)) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (group.isInState(GroupState.COMPLETING_REBALANCE)) {
            // The member has the new generation but not its assignment yet.
            return ErrorCode.REBALANCE_IN_PROGRESS;
        }
        return ErrorCode.NONE;
    }

    /**
     * The committed offsets of {@code partitions}, or of every partition with one when
     * {@code partitions} is null. A partition without a commit is absent from the result.
     */
    Map<TopicPartition, CommittedOffset> fetch(String groupId, List<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> result = new LinkedHashMap<>();
        ClassicGroup group = groupId == null ? null : runtime.groups.get(groupId);
        if (group == null || group.isInState(GroupState.DEAD)) {
            return result;
        }
        if (partitions == null) {
            result.putAll(group.offsets());
            return result;
        }
        for (TopicPartition partition : partitions) {
            CommittedOffset offset = group.offsets().get(partition);
            if (offset != null) {
                result.put(partition, offset);
            }
        }
        return result;
    }

    /**
     * Deletes committed offsets of partitions whose topic no member subscribes to.
     *
     * @return the group's error, or per-partition errors when the group's is NONE
     */
    CompletableFuture<OffsetDeleteResult> delete(String groupId, List<TopicPartition> partitions) {
        ClassicGroup group = groupId == null ? null : runtime.groups.get(groupId);
        if (group == null || group.isInState(GroupState.DEAD)) {
            return CompletableFuture.completedFuture(OffsetDeleteResult.failed(ErrorCode.GROUP_ID_NOT_FOUND));
        }
        boolean active = !group.isInState(GroupState.EMPTY);
        if (active && !ClassicGroup.CONSUMER_PROTOCOL_TYPE.equals(group.protocolType())) {
            return CompletableFuture.completedFuture(OffsetDeleteResult.failed(ErrorCode.NON_EMPTY_GROUP));
        }
        Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
        List<GroupRecord> records = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            if (group.isSubscribedToTopic(partition.topic())) {
                errors.put(partition, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
            } else {
                errors.put(partition, ErrorCode.NONE);
                if (group.offsets().containsKey(partition)) {
                    records.add(new GroupRecord.OffsetRemoved(groupId, partition));
                }
            }
        }
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(new OffsetDeleteResult(ErrorCode.NONE, errors));
        }
        return runtime.append(groupId, records).handle((ignored, failure) -> {
            if (failure != null) {
                return OffsetDeleteResult.failed(GroupRuntime.appendError(failure));
            }
            records.forEach(record -> group.offsets().remove(((GroupRecord.OffsetRemoved) record).partition()));
            return new OffsetDeleteResult(ErrorCode.NONE, errors);
        });
    }
}
