package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

/**
 * Rebuilds the coordinator's state from what {@code __consumer_offsets} holds, in log order: per
 * key the latest record wins and a tombstone removes; offsets of transactions wait for their
 * producer's marker ({@link TransactionalOffsetManager}). Runs before the coordinator serves.
 */
final class StoreReplay implements GroupReplay {
    private final GroupRuntime runtime;
    private final ConsumerGroupManager consumerGroups;
    private final TransactionalOffsetManager transactionalOffsets;
    private int records;

    StoreReplay(GroupRuntime runtime, ConsumerGroupManager consumerGroups, TransactionalOffsetManager transactionalOffsets) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.consumerGroups = requireNonNull(consumerGroups, "consumerGroups is null");
        this.transactionalOffsets = requireNonNull(transactionalOffsets, "transactionalOffsets is null");
    }

    /** How many records were replayed so far. */
    int records() {
        return records;
    }

    @Override
    public void record(GroupRecord record) {
        records++;
        long now = runtime.now();
        switch (record) {
            case GroupRecord.OffsetCommitted committed -> {
                runtime.groups.computeIfAbsent(committed.groupId(), id -> new ClassicGroup(id, now))
                        .offsets().put(committed.partition(), committed.offset());
                runtime.pendingTransactions.committedDirectly(committed.groupId(), committed.partition());
            }
            case GroupRecord.OffsetRemoved removed -> {
                ClassicGroup group = runtime.groups.get(removed.groupId());
                if (group != null) {
                    group.offsets().remove(removed.partition());
                }
                runtime.pendingTransactions.removed(removed.groupId(), removed.partition());
            }
            case GroupRecord.GroupMetadata metadata -> runtime.groups
                    .computeIfAbsent(metadata.groupId(), id -> new ClassicGroup(id, now))
                    .restore(metadata, now);
            case GroupRecord.GroupRemoved removed -> runtime.groups.remove(removed.groupId());
            case GroupRecord.ConsumerGroupMetadata metadata -> consumerGroups.replay(metadata);
            case GroupRecord.ConsumerGroupRemoved removed -> runtime.consumerGroups.remove(removed.groupId());
        }
    }

    @Override
    public void transactionalRecord(long producerId, GroupRecord record) {
        records++;
        transactionalOffsets.replayTransactional(producerId, record);
    }

    @Override
    public void transactionMarker(int partition, long producerId, boolean commit) {
        transactionalOffsets.applyMarker(partition, producerId, commit);
    }
}
