package io.samsa.core.coordinator.transaction;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/** Keeps the records' bytes in memory (through the real codec), so a second coordinator can replay them. */
final class MemoryTransactionStore implements TransactionStore {
    private final List<byte[][]> stored = new ArrayList<>();
    private RuntimeException failure;

    @Override
    public CompletionStage<Void> load(BiConsumer<String, TransactionMetadata> apply) {
        for (byte[][] record : stored) {
            String id = TransactionRecordCodec.decodeKey(ByteBuffer.wrap(record[0]));
            apply.accept(id, record[1] == null ? null : TransactionRecordCodec.decodeValue(id, ByteBuffer.wrap(record[1])));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> append(String transactionalId, TransactionMetadata metadata) {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        stored.add(new byte[][] {TransactionRecordCodec.key(transactionalId),
                metadata == null ? null : TransactionRecordCodec.value(metadata)});
        return CompletableFuture.completedFuture(null);
    }

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** The states written, in order (null for a tombstone). */
    List<TransactionState> states(String transactionalId) {
        List<TransactionState> states = new ArrayList<>();
        load((id, metadata) -> {
            if (id.equals(transactionalId)) {
                states.add(metadata == null ? null : metadata.state());
            }
        });
        return states;
    }
}
