package io.samsa.core.log;

import static java.util.Objects.requireNonNull;

import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.core.config.TopicConfig;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.EndTransactionMarker;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.protocol.record.TimestampType;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One partition's log with Kafka's semantics on top of the engine's {@link PartitionLog}: the
 * broker assigns offsets here (by patching each batch's base offset, which the CRC does not
 * cover), stamps LogAppendTime, serializes appends, and keeps the high watermark and the last
 * stable offset. With a single replica the high watermark is the log end offset once an append
 * has completed; the last stable offset stops at the first open transaction (see {@link ProducerStates}).
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

    /** First offset of the earliest open transaction on this partition, or the high watermark when none is open. */
    public long lastStableOffset() {
        long watermark = highWatermark;
        OptionalLong unstable = producers.transactions().firstUnstableOffset();
        if (unstable.isEmpty()) {
            return watermark;
        }
        // Retention may have removed the start of a still open transaction; nothing below the log start is readable.
        return Math.min(Math.max(unstable.getAsLong(), storage.logStartOffset()), watermark);
    }

    /** Aborted transactions whose data overlaps [fromOffset, upperBoundOffset): for Fetch's aborted_transactions. */
    public List<AbortedTransaction> abortedTransactions(long fromOffset, long upperBoundOffset) {
        return producers.transactions().aborted(fromOffset, upperBoundOffset);
    }

    /** Snapshot of producers with state on this partition, for DescribeProducers. */
    public List<ProducerSnapshot> activeProducers() {
        return producers.snapshot();
    }

    /** True while the producer has written transactional data here that no marker has ended yet. */
    public boolean hasOpenTransaction(long producerId) {
        return producers.hasOpenTransaction(producerId);
    }

    public long sizeInBytes() {
        return storage.sizeInBytes();
    }

    /** Called (on the appending thread) after every append that moved the high watermark or the last stable offset. */
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
    public CompletionStage<AppendResult> appendAsLeader(RecordBatch batch) {
        return appendAsLeader(batch, VerificationGuard.NONE);
    }

    /**
     * As {@link #appendAsLeader(RecordBatch)}, for a transactional write the coordinator verified
     * (KIP-890 part 1) with {@code guard} from {@link #startTransactionVerification(long, short)}: fails
     * with INVALID_TXN_STATE if the producer has no transaction open here and a marker has
     * superseded the guard meanwhile.
     */
    public CompletionStage<AppendResult> appendAsLeader(RecordBatch batch, VerificationGuard guard) {
        return inTurn(() -> append(batch, guard, false));
    }

    /**
     * As {@link #appendAsLeader}, for a batch the broker's own group coordinator writes for a
     * transactional producer (TxnOffsetCommit): it carries the producer's id and epoch but no
     * sequence numbers, so only the epoch is checked (INVALID_PRODUCER_EPOCH), as Kafka does for
     * its coordinator's appends.
     */
    public CompletionStage<AppendResult> appendAsCoordinator(RecordBatch batch) {
        return inTurn(() -> append(batch, VerificationGuard.NONE, true));
    }

    /**
     * KIP-890 part 1 hook: call before asking the coordinator to verify a producer's transactional
     * write here, and append with the guard returned. {@link VerificationGuard#NONE} when the
     * producer's transaction is already open on this partition with this epoch (nothing to verify).
     */
    public VerificationGuard startTransactionVerification(long producerId, short producerEpoch) {
        return producers.startVerification(producerId, producerEpoch);
    }

    /**
     * Writes a transaction marker: a control batch (transactional and control attributes, the
     * producer's id and epoch, base sequence -1) holding one COMMIT or ABORT control record, as
     * Kafka writes it. Ends the producer's open transaction here, which may move the last stable
     * offset, and remembers an aborted one for read_committed fetches. Serialized with appends.
     * Fails with INVALID_PRODUCER_EPOCH when {@code producerEpoch} is below the producer's current
     * epoch on this partition, and TRANSACTION_COORDINATOR_FENCED when {@code coordinatorEpoch} is
     * below that of the producer's last marker.
     */
    public CompletionStage<AppendResult> appendTransactionMarker(long producerId, short producerEpoch, int coordinatorEpoch,
            boolean commit) {
        EndTransactionMarker marker = commit ? EndTransactionMarker.commit(coordinatorEpoch) : EndTransactionMarker.abort(coordinatorEpoch);
        return inTurn(() -> {
            ByteBuffer bytes = new RecordBatchBuilder()
                    .producer(producerId, producerEpoch, RecordBatch.NO_SEQUENCE)
                    .transactional(true)
                    .control(true)
                    .append(clock.millis(), marker.key(), marker.value(), List.of())
                    .build();
            return append(RecordBatch.wrap(bytes), VerificationGuard.NONE, false);
        });
    }

    /**
     * Runs a write once the previous one (append, marker, deletion) has completed, whatever its
     * outcome. The write starts outside the lock: an engine may write on the calling thread, and
     * another thread appending here meanwhile queues behind it rather than waiting for the lock.
     */
    private <T> CompletionStage<T> inTurn(Supplier<CompletionStage<T>> write) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> previous;
        synchronized (this) {
            previous = lastAppend;
            lastAppend = result;
        }
        previous.handle((ignored, failure) -> null)
                .thenCompose(ignored -> write.get())
                .whenComplete((value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(value);
                    }
                });
        return result;
    }

    private CompletionStage<AppendResult> append(RecordBatch batch, VerificationGuard guard, boolean fromCoordinator) {
        Optional<ProducerStates.Appended> duplicate = producers.check(batch, guard, fromCoordinator);
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
        return read(fromOffset, maxBytes, minOneBatch, false);
    }

    /** As {@link #read(long, int, boolean)}, but READ_COMMITTED stops at the last stable offset. Caller owns the slice. */
    public CompletionStage<LogSlice> read(long fromOffset, int maxBytes, boolean minOneBatch, boolean readCommitted) {
        return storage.read(fromOffset, maxBytes, readCommitted ? lastStableOffset() : highWatermark, minOneBatch);
    }

    /** Deletes whole storage units past the topic's retention.ms/retention.bytes; completes with the new log start. */
    public CompletionStage<Long> applyRetention() {
        TopicConfig current = config;
        return storage.applyRetention(current.retentionMs(), current.retentionBytes(), clock.millis())
                .thenApply(this::startMoved);
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
    public CompletionStage<Long> deleteRecordsBefore(long offset) {
        return inTurn(() -> {
            long watermark = highWatermark;
            long target = offset == -1 ? watermark : offset;
            if (target < 0 || target > watermark) {
                throw new ApiErrorException(ErrorCode.OFFSET_OUT_OF_RANGE, "Cannot increment the log start offset to "
                        + offset + " of partition " + id() + " since it is larger than the high watermark " + watermark);
            }
            return storage.deleteBefore(target).thenApply(deleted -> startMoved(storage.logStartOffset()));
        });
    }

    private long startMoved(long logStartOffset) {
        producers.transactions().dropBefore(logStartOffset);
        return logStartOffset;
    }

    /** Where an append landed. {@code logAppendTime} is -1 unless the topic uses LogAppendTime. */
    public record AppendResult(long baseOffset, long lastOffset, long logAppendTime, long logStartOffset) {}
}
