package io.samsa.core.log;

import io.samsa.api.storage.LogSlice;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchIterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Walks a log's batches in order, a chunk at a time, for the broker's own reads of whole logs
 * (replaying the metadata log, rebuilding producer state, searching by timestamp). Each chunk's
 * slice is closed as soon as its batches have been visited.
 */
public final class BatchScan {
    private BatchScan() {}

    /** Reads up to {@code maxBytes} whole batches starting at an offset. */
    @FunctionalInterface
    public interface ChunkReader {
        CompletionStage<LogSlice> read(long fromOffset, int maxBytes);
    }

    /** Sees each batch; returns false to stop the scan. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(RecordBatch batch);
    }

    /** Visits batches from {@code fromOffset} until {@code untilOffset} (exclusive) or the visitor stops. */
    public static CompletionStage<Void> scan(ChunkReader reader, long fromOffset, long untilOffset, int chunkBytes,
            Visitor visitor) {
        if (fromOffset >= untilOffset) {
            return CompletableFuture.completedFuture(null);
        }
        return reader.read(fromOffset, chunkBytes).thenCompose(slice -> {
            long next;
            try (LogSlice owned = slice) {
                next = owned.nextOffset();
                RecordBatchIterator batches = new RecordBatchIterator(LogSlices.copy(owned));
                while (batches.hasNext()) {
                    if (!visitor.visit(batches.next())) {
                        return CompletableFuture.completedFuture(null);
                    }
                }
            }
            return next > fromOffset
                    ? scan(reader, next, untilOffset, chunkBytes, visitor)
                    : CompletableFuture.<Void>completedFuture(null);
        });
    }
}
