package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator's side of transactions, as Kafka's: TxnOffsetCommit writes the offsets
 * as a transactional batch of the producer to the group's {@code __consumer_offsets} partition
 * and keeps them pending ({@link PendingTransactionalOffsets}); the transaction's marker on that
 * partition, written here when the transaction coordinator completes the transaction, makes
 * them the committed offsets (COMMIT) or drops them (ABORT). Replay does the same from the log.
 * Runs on the coordinator's thread only.
 */
final class TransactionalOffsetManager {
    private static final Logger log = LoggerFactory.getLogger(TransactionalOffsetManager.class);
    private final GroupRuntime runtime;

    TransactionalOffsetManager(GroupRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /** TxnOffsetCommit: each partition's error (NONE once the offsets are written, still pending). */
    CompletableFuture<Map<TopicPartition, ErrorCode>> commit(TransactionalOffsetCommit request) {
        Map<TopicPartition, ErrorCode> results = new LinkedHashMap<>();
        String groupId = request.groupId();
        ErrorCode invalid;
        if (groupId == null || groupId.isEmpty()) {
            invalid = ErrorCode.INVALID_GROUP_ID;
        } else if (request.producerId() < 0) {
            // No producer, no transaction the offsets could belong to.
            invalid = ErrorCode.INVALID_PRODUCER_ID_MAPPING;
        } else if (request.producerEpoch() < 0) {
            invalid = ErrorCode.INVALID_PRODUCER_EPOCH;
        } else {
            invalid = validate(request);
        }
        if (invalid != ErrorCode.NONE) {
            request.offsets().keySet().forEach(partition -> results.put(partition, invalid));
            return CompletableFuture.completedFuture(results);
        }
        List<GroupRecord.OffsetCommitted> records = OffsetManager.offsetRecords(runtime, groupId, request.offsets(), results);
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(results);
        }
        return runtime.onCoordinatorThread(() -> runtime.store().appendTransactional(groupId, request.producerId(),
                request.producerEpoch(), List.copyOf(records))).handle((ignored, failure) -> {
                    if (failure != null) {
                        ErrorCode error = GroupRuntime.appendError(failure);
                        records.forEach(record -> results.put(record.partition(), error));
                    } else {
                        records.forEach(record -> addPending(request.producerId(), record));
                    }
                    return results;
                });
    }

    /**
     * Kafka's checks of a transactional commit: the member fields are checked only when given
     * (TxnOffsetCommit v0-2 has none), the group's state is not (no REBALANCE_IN_PROGRESS), an
     * unknown group is created by a commit without a generation.
     */
    private ErrorCode validate(TransactionalOffsetCommit request) {
        ConsumerGroup consumerGroup = runtime.consumerGroups.get(request.groupId());
        if (consumerGroup != null) {
            return validate(consumerGroup, request);
        }
        ClassicGroup group = runtime.groups.get(request.groupId());
        if (group == null) {
            return request.generationId() < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
        }
        if (group.isInState(GroupState.DEAD)) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        if (request.generationId() < 0 && group.isInState(GroupState.EMPTY)) {
            return ErrorCode.NONE;
        }
        if (request.generationId() >= 0 || !request.memberId().isEmpty() || request.groupInstanceId() != null) {
            ErrorCode member = ClassicGroupManager.validateMember(group, request.memberId(), request.groupInstanceId());
            if (member != ErrorCode.NONE) {
                return member;
            }
            if (request.generationId() != group.generationId()) {
                return ErrorCode.ILLEGAL_GENERATION;
            }
        }
        return ErrorCode.NONE;
    }

    /** A KIP-848 group: a stale member epoch is ILLEGAL_GENERATION here, a newer one FENCED_MEMBER_EPOCH. */
    private static ErrorCode validate(ConsumerGroup group, TransactionalOffsetCommit request) {
        if (request.generationId() < 0 && group.members.isEmpty()) {
            return ErrorCode.NONE;
        }
        if (request.generationId() == -1 && request.memberId().isEmpty() && request.groupInstanceId() == null) {
            return ErrorCode.NONE;
        }
        ConsumerGroup.Member member = group.members.get(request.memberId());
        if (member == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (request.generationId() > member.memberEpoch) {
            return ErrorCode.FENCED_MEMBER_EPOCH;
        }
        return request.generationId() < member.memberEpoch ? ErrorCode.ILLEGAL_GENERATION : ErrorCode.NONE;
    }

    /**
     * Writes the producer's marker to the offsets partition, then applies it to the offsets
     * pending there. Fails (changing nothing) when the marker cannot be written.
     */
    CompletableFuture<Void> complete(int offsetsPartition, long producerId, short producerEpoch, int coordinatorEpoch,
            boolean commit) {
        return runtime.onCoordinatorThread(() -> runtime.store().appendTransactionMarker(offsetsPartition, producerId,
                producerEpoch, coordinatorEpoch, commit)).thenRun(() -> applyMarker(offsetsPartition, producerId, commit));
    }

    /** Those of {@code partitions} with offsets of an open transaction in the group. */
    Set<TopicPartition> pending(String groupId, Collection<TopicPartition> partitions) {
        Set<TopicPartition> pending = new HashSet<>();
        if (groupId != null) {
            partitions.stream().filter(partition -> runtime.pendingTransactions.isPending(groupId, partition)).forEach(pending::add);
        }
        return pending;
    }

    /** Replays a record of a transactional batch: an offset commit becomes pending. */
    void replayTransactional(long producerId, GroupRecord record) {
        if (record instanceof GroupRecord.OffsetCommitted committed) {
            addPending(producerId, committed);
        } else {
            log.warn("Ignoring a {} record of group {} written in a transaction of producer {}",
                    record.getClass().getSimpleName(), record.groupId(), producerId);
        }
    }

    /** A marker was written (or replayed): the producer's pending offsets of that partition's groups end. */
    void applyMarker(int offsetsPartition, long producerId, boolean commit) {
        var committed = runtime.pendingTransactions.end(producerId, commit, runtime.store()::partitionFor,
                partition -> partition == offsetsPartition);
        committed.forEach((groupId, offsets) -> group(groupId).offsets().putAll(offsets));
    }

    private void addPending(long producerId, GroupRecord.OffsetCommitted record) {
        // As in Kafka, a transactional commit creates a simple group even if its transaction aborts.
        group(record.groupId());
        runtime.pendingTransactions.add(producerId, record.groupId(), record.partition(), record.offset());
    }

    private ClassicGroup group(String groupId) {
        return runtime.groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, runtime.now()));
    }
}
