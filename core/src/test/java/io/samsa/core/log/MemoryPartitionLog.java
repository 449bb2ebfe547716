package io.samsa.core.log;

import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.OffsetOutOfRangeException;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.TopicPartitionId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A partition log held in memory, with the storage contract's read rules, so the log layer can be
 * tested (and "restarted" by opening a new {@link Log} over the same instance) without a plugin.
 */
final class MemoryPartitionLog implements PartitionLog {
    private final TopicPartitionId id = new TopicPartitionId("memory", UUID.randomUUID(), 0);
    private final List<Stored> batches = new ArrayList<>();
    private long logStartOffset;
    private long logEndOffset;

    private record Stored(long baseOffset, long lastOffset, long maxTimestamp, ByteBuffer bytes) {}

    @Override
    public TopicPartitionId id() {
        return id;
    }

    @Override
    public synchronized long logStartOffset() {
        return logStartOffset;
    }

    @Override
    public synchronized long logEndOffset() {
        return logEndOffset;
    }

    @Override
    public synchronized long sizeInBytes() {
        return batches.stream().mapToLong(batch -> batch.bytes().remaining()).sum();
    }

    @Override
    public synchronized CompletionStage<Void> append(ByteBuffer bytes, long baseOffset, long lastOffset, long maxTimestamp) {
        if (baseOffset != logEndOffset) {
            return CompletableFuture.failedFuture(new IllegalStateException("append at " + baseOffset + ", end is " + logEndOffset));
        }
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
        batches.add(new Stored(baseOffset, lastOffset, maxTimestamp, copy));
        logEndOffset = lastOffset + 1;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<LogSlice> read(long fromOffset, int maxBytes, long maxOffset, boolean minOneBatch) {
        if (fromOffset < logStartOffset || fromOffset > logEndOffset) {
            return CompletableFuture.failedFuture(new OffsetOutOfRangeException("offset " + fromOffset + " is out of range"));
        }
        List<ByteBuffer> read = new ArrayList<>();
        int bytes = 0;
        long next = fromOffset;
        for (Stored batch : batches) {
            if (batch.lastOffset() < fromOffset || batch.lastOffset() < logStartOffset) {
                continue;
            }
            if (batch.lastOffset() >= maxOffset) {
                break;
            }
            int size = batch.bytes().remaining();
            if (bytes + size > maxBytes && !(read.isEmpty() && minOneBatch)) {
                break;
            }
            read.add(batch.bytes().asReadOnlyBuffer());
            bytes += size;
            next = batch.lastOffset() + 1;
        }
        return CompletableFuture.completedFuture(new LogSlice.Buffers(read, next, () -> { }));
    }

    @Override
    public synchronized CompletionStage<OptionalLong> offsetForTimestamp(long timestamp) {
        return CompletableFuture.completedFuture(batches.stream().filter(batch -> batch.maxTimestamp() >= timestamp)
                .mapToLong(Stored::baseOffset).findFirst());
    }

    @Override
    public synchronized CompletionStage<Void> truncateTo(long offset) {
        batches.removeIf(batch -> batch.baseOffset() >= offset);
        logEndOffset = Math.min(logEndOffset, offset);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> deleteBefore(long offset) {
        logStartOffset = Math.max(logStartOffset, offset);
        batches.removeIf(batch -> batch.lastOffset() < logStartOffset);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Long> applyRetention(long retentionMs, long retentionBytes, long nowMs) {
        return CompletableFuture.completedFuture(logStartOffset());
    }

    @Override
    public CompletionStage<Void> flush() {
        return CompletableFuture.completedFuture(null);
    }
}
