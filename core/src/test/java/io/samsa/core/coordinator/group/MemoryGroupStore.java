package io.samsa.core.coordinator.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A store keeping the records' bytes in memory (through the real codec), so a second coordinator
 * can replay what the first wrote. Appends complete at once unless {@link #hold()} parks them or
 * {@link #failWith} makes them fail.
 */
final class MemoryGroupStore implements GroupStore {
    private final List<byte[][]> stored = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private RuntimeException failure;

    @Override
    public CompletionStage<Void> load(Consumer<GroupRecord> apply) {
        for (byte[][] record : stored) {
            apply.accept(GroupRecordCodec.decode(ByteBuffer.wrap(record[0]),
                    record[1] == null ? null : ByteBuffer.wrap(record[1])));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> append(String groupId, List<GroupRecord> records) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable complete = () -> {
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            for (GroupRecord record : records) {
                stored.add(new byte[][] {GroupRecordCodec.key(record), GroupRecordCodec.value(record)});
            }
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

    List<GroupRecord> records() {
        List<GroupRecord> records = new ArrayList<>();
        load(records::add);
        return records;
    }
}
