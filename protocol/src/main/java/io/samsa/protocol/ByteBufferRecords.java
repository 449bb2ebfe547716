package io.samsa.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Records held in a {@link ByteBuffer}: the remaining bytes of the buffer given, which are shared,
 * not copied. Immutable: the view's position never moves. Equal to another {@code ByteBufferRecords}
 * with the same bytes.
 */
public final class ByteBufferRecords implements Records {
    private static final ByteBufferRecords EMPTY = new ByteBufferRecords(ByteBuffer.allocate(0));

    private final ByteBuffer buffer;

    private ByteBufferRecords(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /** The remaining bytes of {@code buffer}, shared; later changes to the buffer's position or limit do not matter. */
    public static ByteBufferRecords wrap(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer is null");
        return new ByteBufferRecords(buffer.slice());
    }

    public static ByteBufferRecords wrap(byte[] bytes) {
        return new ByteBufferRecords(ByteBuffer.wrap(bytes));
    }

    /** No records. */
    public static ByteBufferRecords empty() {
        return EMPTY;
    }

    /**
     * {@code records} as a buffer: the same bytes when they already are one, else a copy (written
     * through {@link Records#writeTo}); null for null.
     */
    public static ByteBufferRecords of(Records records) {
        if (records == null || records instanceof ByteBufferRecords) {
            return (ByteBufferRecords) records;
        }
        ByteBufferWritable copy = new ByteBufferWritable(records.sizeInBytes());
        records.writeTo(copy);
        return new ByteBufferRecords(copy.toByteBuffer());
    }

    /** A new view of the bytes (position 0, limit the size); the caller may move its position, never write to it. */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    @Override
    public int sizeInBytes() {
        return buffer.remaining();
    }

    @Override
    public void writeTo(Writable writable) {
        writable.writeByteBuffer(buffer);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteBufferRecords other && buffer.equals(other.buffer);
    }

    @Override
    public int hashCode() {
        return buffer.hashCode();
    }

    @Override
    public String toString() {
        return "ByteBufferRecords(" + buffer.remaining() + " bytes)";
    }
}
