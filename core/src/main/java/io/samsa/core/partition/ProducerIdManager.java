package io.samsa.core.partition;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Hands out producer ids for idempotent producers. Ids are reserved in blocks through the
 * metadata log, so an id is never handed out twice — not even after a crash, because a restart
 * starts from a fresh block past every block ever reserved.
 */
public final class ProducerIdManager {
    static final int BLOCK_SIZE = 1000;

    private final MetadataLog metadataLog;
    // Written by the replay, then only by the allocation chain (completions order them).
    private volatile long next;
    private volatile long blockEnd;
    private CompletableFuture<Long> lastAllocation = CompletableFuture.completedFuture(-1L);

    @Inject
    public ProducerIdManager(MetadataLog metadataLog) {
        this.metadataLog = requireNonNull(metadataLog, "metadataLog is null");
    }

    /** Follows the metadata log (replay): everything reserved so far counts as used. */
    synchronized void apply(MetadataRecord record) {
        if (record instanceof MetadataRecord.ProducerIdsReserved reserved) {
            long end = reserved.firstId() + reserved.size();
            if (end > blockEnd) {
                blockEnd = end;
                next = end;
            }
        }
    }

    /** The next unused producer id; reserves a new block first when the current one is spent. */
    public synchronized CompletionStage<Long> allocate() {
        CompletableFuture<Long> result = lastAllocation.handle((ignored, failure) -> null).thenCompose(ignored -> take());
        lastAllocation = result;
        return result;
    }

    /** Runs only on the serialized allocation chain, after the replay. */
    private CompletionStage<Long> take() {
        if (next < blockEnd) {
            return CompletableFuture.completedFuture(next++);
        }
        long first = blockEnd;
        var reserved = new MetadataRecord.ProducerIdsReserved(first, BLOCK_SIZE);
        return metadataLog.append(List.of(reserved)).thenApply(ignored -> {
            next = first + 1;
            blockEnd = first + BLOCK_SIZE;
            return first;
        });
    }
}
