package io.samsa.protocol.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One record of a v2 batch, as read. Offsets and timestamps are already made absolute with the
 * batch's base values.
 *
 * <p>Key and value are read-only views: into the caller's batch buffer for an uncompressed batch
 * (valid only as long as that buffer's content is), into a buffer private to the iteration for a
 * compressed one.
 *
 * @param offset baseOffset + offsetDelta
 * @param timestamp the batch max timestamp for a LogAppendTime batch, else baseTimestamp + timestampDelta
 * @param sizeInBytes the record's full size in the batch, length prefix included
 */
public record Record(
    long offset,
    int offsetDelta,
    long timestamp,
    long timestampDelta,
    byte attributes,
    int sizeInBytes,
    ByteBuffer key,
    ByteBuffer value,
    List<Header> headers) {

    public boolean hasKey() {
        return key != null;
    }

    public boolean hasValue() {
        return value != null;
    }

    /** Key bytes, copied; null for a null key. */
    public byte[] keyBytes() {
        return copy(key);
    }

    /** Value bytes, copied; null for a null value (a tombstone). */
    public byte[] valueBytes() {
        return copy(value);
    }

    private static byte[] copy(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public ByteBuffer key() {
        return key == null ? null : key.duplicate();
    }

    @Override
    public ByteBuffer value() {
        return value == null ? null : value.duplicate();
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp
            + ", key=" + (key == null ? "null" : key.remaining() + " bytes")
            + ", value=" + (value == null ? "null" : value.remaining() + " bytes")
            + ", headers=" + headers + ")";
    }
}
