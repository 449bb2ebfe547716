package io.samsa.core.coordinator.group;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * Offsets committed inside transactions (TxnOffsetCommit) that are not committed offsets yet:
 * per producer, per group, per partition, the latest one the producer wrote. The producer's
 * COMMIT marker turns them into committed offsets, its ABORT marker drops them, as Kafka's
 * coordinator keeps them. Meanwhile OffsetFetch with require_stable answers
 * UNSTABLE_OFFSET_COMMIT for their partitions, and expiry and group removal leave them alone.
 *
 * <p>Entries are applied in log order (on the coordinator's thread, or while replaying). A plain
 * commit of the same partition that lands after a pending entry wins over it when the
 * transaction commits, as in Kafka (which compares the records' log offsets); a tombstone of the
 * partition drops the pending entries.
 */
final class PendingTransactionalOffsets {
    /** producer id -> group id -> partition -> pending offset. */
    private final Map<Long, Map<String, Map<TopicPartition, Pending>>> byProducer = new HashMap<>();
    /** group id -> producers with pending offsets in it. */
    private final Map<String, Set<Long>> openByGroup = new HashMap<>();

    /** A transactional offset written to the log: the producer's latest for that partition. */
    void add(long producerId, String groupId, TopicPartition partition, CommittedOffset offset) {
        byProducer.computeIfAbsent(producerId, id -> new HashMap<>())
                .computeIfAbsent(groupId, id -> new LinkedHashMap<>())
                .put(partition, new Pending(offset));
        openByGroup.computeIfAbsent(groupId, id -> new HashSet<>()).add(producerId);
    }

    /** A plain (non-transactional) commit of the partition landed: it outranks what is pending so far. */
    void committedDirectly(String groupId, TopicPartition partition) {
        forEachPending(groupId, partition, pending -> pending.superseded = true);
    }

    /**
     * A tombstone of the partition's offset landed: nothing pending for it survives (the
     * transactions stay open for the group until their markers, as in Kafka).
     */
    void removed(String groupId, TopicPartition partition) {
        for (Long producerId : openByGroup.getOrDefault(groupId, Set.of())) {
            byProducer.getOrDefault(producerId, Map.of()).getOrDefault(groupId, new HashMap<>()).remove(partition);
        }
    }

    boolean isPending(String groupId, TopicPartition partition) {
        boolean[] found = {false};
        forEachPending(groupId, partition, pending -> found[0] = true);
        return found[0];
    }

    /** Whether a transaction with offsets of this group is open (even if a tombstone emptied it). */
    boolean hasOpenTransactions(String groupId) {
        return openByGroup.containsKey(groupId);
    }

    /** The partitions of the group with a pending offset, of any producer. */
    Set<TopicPartition> pendingPartitions(String groupId) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (Long producerId : openByGroup.getOrDefault(groupId, Set.of())) {
            partitions.addAll(byProducer.getOrDefault(producerId, Map.of()).getOrDefault(groupId, Map.of()).keySet());
        }
        return partitions;
    }

    /**
     * Ends the producer's transaction for the groups whose records live in an offsets partition
     * {@code inPartition} accepts (the marker is per partition; the groups of other partitions keep
     * theirs until their own marker).
     *
     * @return on commit, the offsets that become the committed ones, per group; on abort, nothing
     */
    Map<String, Map<TopicPartition, CommittedOffset>> end(long producerId, boolean commit,
            ToIntFunction<String> partitionOfGroup, IntPredicate inPartition) {
        Map<String, Map<TopicPartition, CommittedOffset>> committed = new LinkedHashMap<>();
        Map<String, Map<TopicPartition, Pending>> groups = byProducer.get(producerId);
        if (groups == null) {
            return committed;
        }
        for (String groupId : Set.copyOf(groups.keySet())) {
            if (!inPartition.test(partitionOfGroup.applyAsInt(groupId))) {
                continue;
            }
            Map<TopicPartition, Pending> offsets = groups.remove(groupId);
            Set<Long> producers = openByGroup.get(groupId);
            if (producers != null && producers.remove(producerId) && producers.isEmpty()) {
                openByGroup.remove(groupId);
            }
            if (!commit) {
                continue;
            }
            Map<TopicPartition, CommittedOffset> applied = new LinkedHashMap<>();
            offsets.forEach((partition, pending) -> {
                if (!pending.superseded) {
                    applied.put(partition, pending.offset);
                }
            });
            if (!applied.isEmpty()) {
                committed.put(groupId, applied);
            }
        }
        if (groups.isEmpty()) {
            byProducer.remove(producerId);
        }
        return committed;
    }

    /** How many producers have an open transaction with offsets (for logging). */
    int openTransactions() {
        return byProducer.size();
    }

    private void forEachPending(String groupId, TopicPartition partition, java.util.function.Consumer<Pending> action) {
        for (Long producerId : openByGroup.getOrDefault(groupId, Set.of())) {
            Pending pending = byProducer.getOrDefault(producerId, Map.of()).getOrDefault(groupId, Map.of()).get(partition);
            if (pending != null) {
                action.accept(pending);
            }
        }
    }

    private static final class Pending {
        private final CommittedOffset offset;
        /** A plain commit of the partition came later in the log: it stays, whatever this transaction does. */
        private boolean superseded;

        private Pending(CommittedOffset offset) {
            this.offset = offset;
        }
    }
}
