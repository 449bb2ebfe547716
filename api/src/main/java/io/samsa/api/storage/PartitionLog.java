package io.samsa.api.storage;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * One partition's log: batches of records at increasing offsets, stored as opaque bytes. The
 * broker assigns offsets and validates batches before appending; the engine stores what it is
 * given at the offsets it is given and reads it back.
 *
 * <p>The broker calls {@link #append}, {@link #truncateTo} and {@link #deleteBefore} for one log
 * one at a time (the next only after the previous stage completed); reads may run concurrently
 * with them and with each other. Failures complete the returned stage exceptionally, never throw.
 *
 * <p>The broker calls from its network threads. A method may do short work on the calling thread
 * (the file engine copies an append into the page cache there, and returns a completed stage),
 * but anything that can wait on a device (a force, a file created, a slow disk) belongs on the
 * context's blocking executor: a network thread that waits stalls every connection it serves.
 */
public interface PartitionLog {
    TopicPartitionId id();

    /** The first offset still in the log. */
    long logStartOffset();

    /** The offset the next appended batch will start at (one past the last stored offset). */
    long logEndOffset();

    /** Bytes the log occupies in storage. */
    long sizeInBytes();

    /**
     * Appends one or more consecutive batches whose offsets run from {@code baseOffset} (which must
     * equal {@link #logEndOffset()}) to {@code lastOffset}.
     *
     * <p>Ownership: the engine may read {@code batches} (from its position to its limit) until the
     * stage completes and must not keep it afterwards; the caller does not modify it meanwhile. The
     * stage completes once the data is as durable as the log's {@link LogSettings} ask, and only then
     * does {@link #logEndOffset()} move past it and reads see it.
     */
    CompletionStage<Void> append(ByteBuffer batches, long baseOffset, long lastOffset, long maxTimestamp);

    /**
     * Reads whole batches, starting with the batch that contains {@code fromOffset}, up to
     * {@code maxBytes}; batches whose last offset is at or past {@code maxOffset} are left out.
     * If the first batch alone is larger than {@code maxBytes}, it is returned whole when
     * {@code minOneBatch} is set and nothing is returned otherwise. A read at the log end is empty.
     * Fails with {@link OffsetOutOfRangeException} if {@code fromOffset} is below
     * {@link #logStartOffset()} or above {@link #logEndOffset()}. The caller owns the slice (see {@link LogSlice}).
     */
    CompletionStage<LogSlice> read(long fromOffset, int maxBytes, long maxOffset, boolean minOneBatch);

    /**
     * The base offset of the first batch whose max timestamp is at or after {@code timestamp}, or
     * empty if there is none. (The broker finds the exact record inside that batch.)
     */
    CompletionStage<OptionalLong> offsetForTimestamp(long timestamp);

    /** Removes every batch at or after {@code offset}, which must fall on a batch boundary. */
    CompletionStage<Void> truncateTo(long offset);

    /**
     * Raises the log start offset to {@code offset} (never lowers it). Reads below it fail from now
     * on; storage holding only data below it may be reclaimed.
     */
    CompletionStage<Void> deleteBefore(long offset);

    /**
     * Deletes whole units of storage (e.g. segments) whose data is all older than
     * {@code retentionMs} (by max timestamp, relative to {@code nowMs}) or that would keep the log
     * above {@code retentionBytes}; -1 disables a limit. The active unit is never deleted.
     * Completes with the new log start offset.
     */
    CompletionStage<Long> applyRetention(long retentionMs, long retentionBytes, long nowMs);

    /** Forces everything appended so far to stable storage. */
    CompletionStage<Void> flush();
}
