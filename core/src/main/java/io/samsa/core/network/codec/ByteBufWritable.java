package io.samsa.core.network.codec;

import io.netty.buffer.ByteBuf;
import io.samsa.protocol.Writable;
import java.nio.ByteBuffer;
import java.util.UUID;

/** Writes protocol messages straight into a Netty buffer. */
final class ByteBufWritable implements Writable {
    private final ByteBuf buf;

    ByteBufWritable(ByteBuf buf) {
        this.buf = buf;
    }

    @Override
    public void writeByte(byte value) {
        buf.writeByte(value);
    }

    @Override
    public void writeShort(short value) {
        buf.writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        buf.writeInt(value);
    }

    @Override
    public void writeLong(long value) {
        buf.writeLong(value);
    }

    @Override
    public void writeDouble(double value) {
        buf.writeDouble(value);
    }

    @Override
    public void writeUnsignedVarint(int value) {
        while ((value & 0xffffff80) != 0) {
            buf.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf.writeByte(value);
    }

    @Override
    public void writeVarint(int value) {
        writeUnsignedVarint((value << 1) ^ (value >> 31));
    }

    @Override
    public void writeVarlong(long value) {
        long raw = (value << 1) ^ (value >> 63);
        while ((raw & 0xffffffffffffff80L) != 0) {
            buf.writeByte((int) ((raw & 0x7f) | 0x80));
            raw >>>= 7;
        }
        buf.writeByte((int) raw);
    }

    @Override
    public void writeBytes(byte[] bytes) {
        buf.writeBytes(bytes);
    }

    @Override
    public void writeBytes(byte[] bytes, int offset, int length) {
        buf.writeBytes(bytes, offset, length);
    }

    @Override
    public void writeByteBuffer(ByteBuffer bytes) {
        buf.writeBytes(bytes.duplicate());
    }

    @Override
    public void writeUuid(UUID uuid) {
        buf.writeLong(uuid.getMostSignificantBits());
        buf.writeLong(uuid.getLeastSignificantBits());
    }
}
