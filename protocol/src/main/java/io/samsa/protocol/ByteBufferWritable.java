package io.samsa.protocol;

import java.nio.ByteBuffer;
import java.util.UUID;

/** A {@link Writable} into a heap buffer that grows as needed. */
public final class ByteBufferWritable implements Writable {
    private static final int DEFAULT_CAPACITY = 256;
    // Leave headroom below Integer.MAX_VALUE: some VMs reserve header words in arrays.
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private ByteBuffer buffer;

    public ByteBufferWritable() {
        this(DEFAULT_CAPACITY);
    }

    public ByteBufferWritable(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("negative capacity " + initialCapacity);
        }
        this.buffer = ByteBuffer.allocate(initialCapacity);
    }

    /** The bytes written so far: a view from 0 to the write position, sharing this writer's memory. */
    public ByteBuffer toByteBuffer() {
        return buffer.duplicate().flip();
    }

    /** How many bytes have been written. */
    public int position() {
        return buffer.position();
    }

    @Override
    public void writeByte(byte value) {
        ensureRoom(1);
        buffer.put(value);
    }

    @Override
    public void writeShort(short value) {
        ensureRoom(2);
        buffer.putShort(value);
    }

    @Override
    public void writeInt(int value) {
        ensureRoom(4);
        buffer.putInt(value);
    }

    @Override
    public void writeLong(long value) {
        ensureRoom(8);
        buffer.putLong(value);
    }

    @Override
    public void writeDouble(double value) {
        ensureRoom(8);
        buffer.putDouble(value);
    }

    @Override
    public void writeUnsignedVarint(int value) {
        ensureRoom(5);
        Varints.writeUnsignedVarint(value, buffer);
    }

    @Override
    public void writeVarint(int value) {
        ensureRoom(5);
        Varints.writeVarint(value, buffer);
    }

    @Override
    public void writeVarlong(long value) {
        ensureRoom(10);
        Varints.writeVarlong(value, buffer);
    }

    @Override
    public void writeBytes(byte[] bytes) {
        writeBytes(bytes, 0, bytes.length);
    }

    @Override
    public void writeBytes(byte[] bytes, int offset, int length) {
        ensureRoom(length);
        buffer.put(bytes, offset, length);
    }

    @Override
    public void writeByteBuffer(ByteBuffer source) {
        int length = source.remaining();
        ensureRoom(length);
        buffer.put(buffer.position(), source, source.position(), length);
        buffer.position(buffer.position() + length);
    }

    @Override
    public void writeUuid(UUID uuid) {
        ensureRoom(16);
        buffer.putLong(uuid.getMostSignificantBits());
        buffer.putLong(uuid.getLeastSignificantBits());
    }

    private void ensureRoom(int needed) {
        if (buffer.remaining() >= needed) {
            return;
        }
        long required = (long) buffer.position() + needed;
        if (required > MAX_CAPACITY) {
            throw new IllegalStateException("cannot grow a buffer beyond " + MAX_CAPACITY + " bytes");
        }
        long doubled = Math.max(16L, 2L * buffer.capacity());
        ByteBuffer grown = ByteBuffer.allocate((int) Math.min(MAX_CAPACITY, Math.max(doubled, required)));
        grown.put(buffer.flip());
        buffer = grown;
    }
}
