package io.samsa.protocol;

import java.nio.ByteBuffer;
import java.util.UUID;

/** A {@link Writable} that only counts the bytes it is given: how big an encoding would be. */
public final class ByteCountingWritable implements Writable {
    private int count;

    /** Bytes written so far. */
    public int count() {
        return count;
    }

    @Override
    public void writeByte(byte value) {
        count += 1;
    }

    @Override
    public void writeShort(short value) {
        count += 2;
    }

    @Override
    public void writeInt(int value) {
        count += 4;
    }

    @Override
    public void writeLong(long value) {
        count += 8;
    }

    @Override
    public void writeDouble(double value) {
        count += 8;
    }

    @Override
    public void writeUnsignedVarint(int value) {
        count += Varints.sizeOfUnsignedVarint(value);
    }

    @Override
    public void writeVarint(int value) {
        count += Varints.sizeOfVarint(value);
    }

    @Override
    public void writeVarlong(long value) {
        count += Varints.sizeOfVarlong(value);
    }

    @Override
    public void writeBytes(byte[] bytes) {
        count += bytes.length;
    }

    @Override
    public void writeBytes(byte[] bytes, int offset, int length) {
        count += length;
    }

    @Override
    public void writeByteBuffer(ByteBuffer source) {
        count += source.remaining();
    }

    @Override
    public void writeUuid(UUID uuid) {
        count += 16;
    }
}
