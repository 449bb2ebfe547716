package io.samsa.core.log;

import static java.util.Objects.requireNonNull;

import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.core.config.TopicConfig;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.TimestampType;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One partition's log with Kafka's semantics on top of the engine's {@link PartitionLog}: the
 * broker assigns offsets here (by patching each batch's base offset, which the CRC does not
 * cover), stamps LogAppendTime, serializes appends, and keeps the high watermark. With a single
 * replica the high watermark is the log end offset once an append has completed.
 */
public final class Log {
    private static final int LOAD_CHUNK_BYTES = 4 * 1024 * 1024;

    private final PartitionLog storage;
    private final Clock clock;
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    /** Touched only on the serialized append path (and by the load that precedes any append). */
    private final ProducerStates producers = new ProducerStates();
    private volatile TopicConfig config;
    private volatile long highWatermark;
    private CompletableFuture<?> lastAppend = CompletableFuture.completedFuture(null);

    public Log(PartitionLog storage, TopicConfig config, Clock clock) {
        this.storage = requireNonNull(storage, "storage is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.highWatermark = storage.logEndOffset();
    }

    public TopicPartitionId id() {
        return storage.id();
    }

    public TopicConfig config() {
        return config;
    }

    public void updateConfig(TopicConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    public long logStartOffset() {
        return storage.logStartOffset();
    }

    public long logEndOffset() {
        return storage.logEndOffset();
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long sizeInBytes() {
        return storage.sizeInBytes();
    }

    /** Called (on the appending thread) after every append that moved the high watermark. */
    public void onAppend(Runnable listener) {
        appendListeners.add(listener);
    }

    public void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    /**
     * Appends a validated batch as the leader: assigns it the next offsets and, for LogAppendTime
     * topics, the broker's time. The batch's bytes are patched in place and must stay untouched by
     * the caller until the returned stage completes.
     */
    public synchronized CompletionStage<AppendResult> appendAsLeader(RecordBatch batch) {
        CompletableFuture<AppendResult> result = lastAppend
                .handle((ignored, failure) -> null)
                .thenCompose(ignored -> append(batch));
        lastAppend = result;
        return result;
    }

    private CompletionStage<AppendResult> append(RecordBatch batch) {
        Optional<ProducerStates.Appended> duplicate = producers.check(batch);
        if (duplicate.isPresent()) {
            // A retry of a batch that is already stored: answer where it went, store nothing.
            ProducerStates.Appended earlier = duplicate.get();
            return CompletableFuture.completedFuture(
                    new AppendResult(earlier.firstOffset(), earlier.lastOffset(), -1, storage.logStartOffset()));
        }
        long baseOffset = storage.logEndOffset();
        batch.setBaseOffset(baseOffset);
        long logAppendTime = -1;
        if (config.messageTimestampType().equals("LogAppendTime")) {
            logAppendTime = clock.millis();
            batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, logAppendTime);
        }
        long lastOffset = batch.lastOffset();
        long appendTime = logAppendTime;
        ByteBuffer bytes = batch.buffer();
        return storage.append(bytes, baseOffset, lastOffset, batch.maxTimestamp()).thenApply(ignored -> {
            producers.record(batch, baseOffset, lastOffset);
            highWatermark = storage.logEndOffset();
            appendListeners.forEach(Runnable::run);
            return new AppendResult(baseOffset, lastOffset, appendTime, storage.logStartOffset());
        });
    }

    /**
     * Rebuilds the idempotent producers' state by reading the whole log once; must complete before
     * the first append. (Kafka keeps snapshots to avoid the full read; a later step.)
     */
    public CompletionStage<Void> loadProducerState() {
        return BatchScan.scan((from, maxBytes) -> storage.read(from, maxBytes, storage.logEndOffset(), true),
                storage.logStartOffset(), storage.logEndOffset(), LOAD_CHUNK_BYTES, batch -> {
                    producers.record(batch, batch.baseOffset(), batch.lastOffset());
                    return true;
                });
    }

    /** Reads committed data (below the high watermark); the caller owns and must close the slice. */
    public CompletionStage<LogSlice> read(long fromOffset, int maxBytes, boolean minOneBatch) {
        return storage.read(fromOffset, maxBytes, highWatermark, minOneBatch);
    }

    /** Deletes whole storage units past the topic's retention.ms/retention.bytes; completes with the new log start. */
    public CompletionStage<Long> applyRetention() {
        TopicConfig current = config;
        return storage.applyRetention(current.retentionMs(), current.retentionBytes(), clock.millis());
    }

    public CompletionStage<OptionalLong> offsetForTimestamp(long timestamp) {
        return storage.offsetForTimestamp(timestamp);
    }

    /**
     * DeleteRecords: raises the log start offset to {@code offset}, or to the high watermark when
     * {@code offset} is -1, so that records below it can no longer be read and their storage may be
     * reclaimed. Never lowers it. Runs in turn with appends, as the storage contract asks. Fails with
     * OFFSET_OUT_OF_RANGE for an offset above the high watermark (or below -1).
     *
     * @return the log start offset afterwards (DeleteRecords' low watermark)
     */
    public synchronized CompletionStage<Long> deleteRecordsBefore(long offset) {
        CompletableFuture<Long> result = lastAppend
                .handle((ignored, failure) -> null)
                .thenCompose(ignored -> {
                    long watermark = highWatermark;
                    long target = offset == -1 ? watermark : offset;
                    if (target < 0 || target > watermark) {
                        throw new ApiErrorException(ErrorCode.OFFSET_OUT_OF_RANGE, "Cannot increment the log start offset to "
                                + offset + " of partition " + id() + " since it is larger than the high watermark " + watermark);
                    }
                    return storage.deleteBefore(target).thenApply(deleted -> storage.logStartOffset());
                });
        lastAppend = result;
        return result;
    }

    /** Where an append landed. {@code logAppendTime} is -1 unless the topic uses LogAppendTime. */
    public record AppendResult(long baseOffset, long lastOffset, long logAppendTime, long logStartOffset) {}
}
