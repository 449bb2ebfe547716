package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed offsets: OffsetCommit (with Kafka's generation and member checks for group members,
 * and simple commits with generation -1 for consumers outside group management), OffsetFetch and
 * OffsetDelete. A commit counts once its records are durable in {@code __consumer_offsets}.
 * Also removes offsets nobody needs any more, as Kafka's coordinator does: expired ones
 * ({@code offsets.retention.minutes}, looked for every {@code offsets.retention.check.interval.ms})
 * and those of deleted topics. Runs on the coordinator's thread only.
 */
final class OffsetManager {
    private static final Logger log = LoggerFactory.getLogger(OffsetManager.class);
    private final GroupRuntime runtime;
    /** Commits written but not yet durable, per group: such a group is left alone by expiry. */
    private final Map<String, Integer> pendingCommits = new HashMap<>();

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
        List<GroupRecord> records = new ArrayList<>(offsetRecords(runtime, groupId, offsets, results));
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(results);
        }
        if (created) {
            // A simple commit creates the group (Empty, no protocol), as in Kafka.
            runtime.groups.put(groupId, group);
        }
        ClassicGroup committing = group;
        boolean createdHere = created;
        pendingCommits.merge(groupId, 1, Integer::sum);
        return runtime.append(groupId, records).handle((ignored, failure) -> {
            pendingCommits.computeIfPresent(groupId, (id, count) -> count == 1 ? null : count - 1);
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
                    runtime.pendingTransactions.committedDirectly(groupId, committed.partition());
                });
            }
            return results;
        });
    }

    /**
     * The records of a commit (plain or transactional), stamped now; a partition whose metadata
     * is over {@code offset.metadata.max.length} gets OFFSET_METADATA_TOO_LARGE in {@code results}
     * and no record, the others NONE.
     */
    static List<GroupRecord.OffsetCommitted> offsetRecords(GroupRuntime runtime, String groupId,
            Map<TopicPartition, OffsetToCommit> offsets, Map<TopicPartition, ErrorCode> results) {
        long now = runtime.now();
        List<GroupRecord.OffsetCommitted> records = new ArrayList<>();
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
        return records;
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
                if (group.offsets().containsKey(partition) || runtime.pendingTransactions.isPending(groupId, partition)) {
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
            records.forEach(record -> {
                TopicPartition partition = ((GroupRecord.OffsetRemoved) record).partition();
                group.offsets().remove(partition);
                runtime.pendingTransactions.removed(groupId, partition);
            });
            return new OffsetDeleteResult(ErrorCode.NONE, errors);
        });
    }

    // ---------------------------------------------------------------- expiry

    /** Looks for expired offsets every {@code offsets.retention.check.interval.ms}, from now on. */
    void scheduleExpiry() {
        runtime.schedule(runtime.config.offsetsRetentionCheckIntervalMs(), () -> {
            try {
                expire();
            } catch (RuntimeException e) {
                log.error("Offset expiry failed; trying again at the next check", e);
            }
            scheduleExpiry();
        });
    }

    /**
     * One expiry pass, as Kafka 4's coordinator runs it: in every group, the offsets of topics no
     * member subscribes to expire {@code offsets.retention.minutes} after the group became Empty
     * (for a group that had members), or after their commit (a group used only for simple commits,
     * or a Stable consumer group for topics it no longer subscribes to); a group with members in
     * any other state keeps its offsets. Expired offsets are written as tombstones; an Empty group
     * left without offsets is removed (a group tombstone).
     *
     * @return the appends of this pass (completed once written and applied)
     */
    CompletableFuture<Void> expire() {
        long now = runtime.now();
        long retentionMs = runtime.config.offsetsRetentionMs();
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (ClassicGroup group : List.copyOf(runtime.groups.values())) {
            if (group.isInState(GroupState.DEAD) || pendingCommits.containsKey(group.groupId())) {
                continue;
            }
            Map<TopicPartition, CommittedOffset> expired = new LinkedHashMap<>();
            boolean allExpired = expiredOffsets(group, now, retentionMs, expired);
            // A group with an open transaction stays, as in Kafka: its pending offsets may yet commit.
            boolean removeGroup = allExpired && group.isInState(GroupState.EMPTY) && group.pendingJoinCount() == 0
                    && !runtime.pendingTransactions.hasOpenTransactions(group.groupId());
            if (expired.isEmpty() && !removeGroup) {
                continue;
            }
            appends.add(removeOffsets(group, expired, removeGroup, "expired"));
        }
        return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new));
    }

    /**
     * Collects the group's expired offsets into {@code expired}.
     *
     * @return whether every offset of the group expired (true for a group without offsets)
     */
    private boolean expiredOffsets(ClassicGroup group, long now, long retentionMs,
            Map<TopicPartition, CommittedOffset> expired) {
        if (group.offsets().isEmpty()) {
            return true;
        }
        boolean sinceEmpty;
        if (group.protocolType() == null) {
            sinceEmpty = false; // only simple commits: each offset's own commit time
        } else if (group.isInState(GroupState.EMPTY)) {
            sinceEmpty = true;
        } else if (ClassicGroup.CONSUMER_PROTOCOL_TYPE.equals(group.protocolType()) && group.isInState(GroupState.STABLE)) {
            sinceEmpty = false; // a Stable consumer group: offsets of topics it no longer subscribes to
        } else {
            return false;
        }
        boolean all = true;
        for (Map.Entry<TopicPartition, CommittedOffset> entry : group.offsets().entrySet()) {
            long base = sinceEmpty ? group.stateTimestamp() : entry.getValue().commitTimestamp();
            if (!group.isSubscribedToTopic(entry.getKey().topic()) && now - base >= retentionMs
                    && !runtime.pendingTransactions.isPending(group.groupId(), entry.getKey())) {
                expired.put(entry.getKey(), entry.getValue());
            } else {
                all = false;
            }
        }
        return all;
    }

    /**
     * Removes committed offsets of deleted topics from every group (tombstones), as Kafka does when
     * a topic is deleted; the groups themselves stay.
     */
    CompletableFuture<Void> topicsDeleted(Set<String> topics) {
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (ClassicGroup group : List.copyOf(runtime.groups.values())) {
            if (group.isInState(GroupState.DEAD)) {
                continue;
            }
            Map<TopicPartition, CommittedOffset> removed = new LinkedHashMap<>();
            group.offsets().forEach((partition, offset) -> {
                if (topics.contains(partition.topic())) {
                    removed.put(partition, offset);
                }
            });
            runtime.pendingTransactions.pendingPartitions(group.groupId()).stream()
                    .filter(partition -> topics.contains(partition.topic()))
                    .forEach(partition -> removed.putIfAbsent(partition, null));
            if (!removed.isEmpty()) {
                appends.add(removeOffsets(group, removed, false, "their topic was deleted"));
            }
        }
        return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new));
    }

    /**
     * Writes tombstones for {@code offsets} (and for the group when {@code removeGroup}), then
     * forgets them, unless a newer commit replaced one meanwhile; a partition mapped to null has
     * only offsets of open transactions, which the tombstone drops as well. A group being removed is Dead
     * while the tombstones are written, so commits and joins meanwhile are retried by the client.
     */
    private CompletableFuture<Void> removeOffsets(ClassicGroup group, Map<TopicPartition, CommittedOffset> offsets,
            boolean removeGroup, String why) {
        String groupId = group.groupId();
        long stateTimestamp = group.stateTimestamp();
        List<GroupRecord> records = new ArrayList<>();
        offsets.keySet().forEach(partition -> records.add(new GroupRecord.OffsetRemoved(groupId, partition)));
        if (removeGroup) {
            records.add(new GroupRecord.GroupRemoved(groupId));
            group.transitionTo(GroupState.DEAD, runtime.now());
        }
        return runtime.append(groupId, records).handle((ignored, failure) -> {
            if (failure != null) {
                log.warn("Cannot remove offsets {} of group {} ({}): {}", offsets.keySet(), groupId, why,
                        GroupRuntime.appendError(failure));
                if (removeGroup && group.isInState(GroupState.DEAD)) {
                    group.revive(stateTimestamp);
                }
                return null;
            }
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    group.offsets().remove(partition, offset);
                }
                runtime.pendingTransactions.removed(groupId, partition);
            });
            if (removeGroup) {
                runtime.groups.remove(groupId, group);
                log.info("Removed group {} and its {} offsets ({})", groupId, offsets.size(), why);
            } else {
                log.info("Removed {} offsets of group {} ({})", offsets.size(), groupId, why);
            }
            return null;
        });
    }
}
