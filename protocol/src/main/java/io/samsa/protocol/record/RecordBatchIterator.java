package io.samsa.protocol.record;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Splits a buffer of consecutive batches (a produce payload, fetched data, a log segment chunk)
 * into {@link RecordBatch} views of the caller's bytes. The caller's position never moves.
 *
 * <p>A batch cut off by the end of the buffer is not an error: Kafka fetch responses may end
 * with one. Iteration simply stops before it, and {@link #hasPartialBatch()} reports it. A header
 * that is itself impossible (wrong magic, batch length below the header size) is corruption and
 * throws, whether or not the rest of the batch is present.
 */
public final class RecordBatchIterator implements Iterator<RecordBatch> {
    private final ByteBuffer buffer;
    private final int start;
    private RecordBatch next;
    private boolean partial;

    /** Iterates {@code buffer}'s remaining bytes. */
    public RecordBatchIterator(ByteBuffer buffer) {
        this.buffer = buffer.duplicate();
        this.start = buffer.position();
    }

    /**
     * @throws CorruptRecordException {@link CorruptRecordException.Reason#INVALID_MAGIC} or
     *     {@link CorruptRecordException.Reason#INVALID_BATCH_LENGTH} for an impossible header
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        int available = buffer.remaining();
        if (available == 0) {
            return false;
        }
        int position = buffer.position();
        if (available >= RecordBatch.HEADER_SIZE_UP_TO_MAGIC) {
            RecordBatch.checkFramingHeader(buffer.get(position + RecordBatch.MAGIC_OFFSET),
                buffer.getInt(position + RecordBatch.BATCH_LENGTH_OFFSET));
        } else if (available >= RecordBatch.LOG_OVERHEAD) {
            RecordBatch.checkBatchLength(buffer.getInt(position + RecordBatch.BATCH_LENGTH_OFFSET));
        }
        if (available < RecordBatch.LOG_OVERHEAD
            || available < RecordBatch.LOG_OVERHEAD + (long) buffer.getInt(position + RecordBatch.BATCH_LENGTH_OFFSET)) {
            partial = true;
            return false;
        }
        next = RecordBatch.wrap(buffer);
        buffer.position(position + next.sizeInBytes());
        return true;
    }

    @Override
    public RecordBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RecordBatch batch = next;
        next = null;
        return batch;
    }

    /** Bytes of the batches {@link #next()} has returned so far. */
    public int validBytes() {
        return buffer.position() - start - (next == null ? 0 : next.sizeInBytes());
    }

    /** Whether iteration stopped before an incomplete batch. Meaningful once {@link #hasNext()} is false. */
    public boolean hasPartialBatch() {
        return partial;
    }

    /** The length of the incomplete trailing batch, or 0. Meaningful once {@link #hasNext()} is false. */
    public int partialBatchBytes() {
        return partial ? buffer.remaining() : 0;
    }
}
