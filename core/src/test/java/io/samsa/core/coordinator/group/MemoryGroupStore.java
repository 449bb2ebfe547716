package io.samsa.core.coordinator.group;

import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A store keeping the records' bytes in memory (through the real codec), so a second coordinator
 * can replay what the first wrote, transactional batches and markers included (with the log's
 * producer epoch check). Appends complete at once unless {@link #hold()} parks them or
 * {@link #failWith} makes them fail.
 */
final class MemoryGroupStore implements GroupStore {
    static final int PARTITIONS = 50;
    private final List<Entry> stored = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private final Map<Long, Short> epochs = new HashMap<>();
    private boolean holding;
    private RuntimeException failure;

    /** One stored record or marker; producerId -1 for a record outside transactions. */
    private record Entry(long producerId, byte[] key, byte[] value, int markerPartition, boolean commit) {}

    @Override
    public CompletionStage<Void> load(GroupReplay replay) {
        for (Entry entry : stored) {
            if (entry.key == null) {
                replay.transactionMarker(entry.markerPartition, entry.producerId, entry.commit);
                continue;
            }
            GroupRecord record = GroupRecordCodec.decode(ByteBuffer.wrap(entry.key),
                    entry.value == null ? null : ByteBuffer.wrap(entry.value));
            if (entry.producerId >= 0) {
                replay.transactionalRecord(entry.producerId, record);
            } else {
                replay.record(record);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> append(String groupId, List<GroupRecord> records) {
        return write(-1, (short) -1, () -> records.forEach(record -> stored.add(
                new Entry(-1, GroupRecordCodec.key(record), GroupRecordCodec.value(record), -1, false))));
    }

    @Override
    public CompletionStage<Void> appendTransactional(String groupId, long producerId, short producerEpoch,
            List<GroupRecord> records) {
        return write(producerId, producerEpoch, () -> records.forEach(record -> stored.add(
                new Entry(producerId, GroupRecordCodec.key(record), GroupRecordCodec.value(record), -1, false))));
    }

    @Override
    public CompletionStage<Void> appendTransactionMarker(int partition, long producerId, short producerEpoch,
            int coordinatorEpoch, boolean commit) {
        return write(producerId, producerEpoch, () -> stored.add(new Entry(producerId, null, null, partition, commit)));
    }

    @Override
    public int partitionFor(String groupId) {
        return OffsetsTopic.partitionFor(groupId, PARTITIONS);
    }

    private CompletionStage<Void> write(long producerId, short producerEpoch, Runnable store) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable complete = () -> {
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            if (producerId >= 0 && producerEpoch < epochs.getOrDefault(producerId, (short) -1)) {
                done.completeExceptionally(new ApiErrorException(ErrorCode.INVALID_PRODUCER_EPOCH, "stale epoch"));
                return;
            }
            if (producerId >= 0) {
                epochs.put(producerId, producerEpoch);
            }
            store.run();
            done.complete(null);
        };
        if (holding) {
            held.add(complete);
        } else {
            complete.run();
        }
        return done;
    }

    void hold() {
        holding = true;
    }

    /** Completes the parked appends in order and stops parking. */
    void release() {
        holding = false;
        List<Runnable> parked = new ArrayList<>(held);
        held.clear();
        parked.forEach(Runnable::run);
    }

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** The records written outside transactions, in order. */
    List<GroupRecord> records() {
        List<GroupRecord> records = new ArrayList<>();
        load(new GroupReplay() {
            @Override
            public void record(GroupRecord record) {
                records.add(record);
            }

            @Override
            public void transactionalRecord(long producerId, GroupRecord record) {}

            @Override
            public void transactionMarker(int partition, long producerId, boolean commit) {}
        });
        return records;
    }
}
