package io.samsa.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@link Readable} over a {@link ByteBuffer}: reads start at the buffer's position and advance
 * it. Pass a buffer bounded to the frame being decoded, so that a malformed message cannot read
 * into the next one.
 */
public final class ByteBufferReadable implements Readable {
    private final ByteBuffer buffer;

    public ByteBufferReadable(ByteBuffer buffer) {
        if (buffer.order() != ByteOrder.BIG_ENDIAN) {
            // The wire is big-endian; a little-endian view would silently decode garbage.
            throw new IllegalArgumentException("the buffer must be big-endian");
        }
        this.buffer = buffer;
    }

    @Override
    public byte readByte() {
        try {
            return buffer.get();
        } catch (BufferUnderflowException e) {
            throw underflow(1, e);
        }
    }

    @Override
    public short readShort() {
        try {
            return buffer.getShort();
        } catch (BufferUnderflowException e) {
            throw underflow(2, e);
        }
    }

    @Override
    public int readInt() {
        try {
            return buffer.getInt();
        } catch (BufferUnderflowException e) {
            throw underflow(4, e);
        }
    }

    @Override
    public long readLong() {
        try {
            return buffer.getLong();
        } catch (BufferUnderflowException e) {
            throw underflow(8, e);
        }
    }

    @Override
    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    @Override
    public int readUnsignedVarint() {
        try {
            return Varints.readUnsignedVarint(buffer);
        } catch (BufferUnderflowException e) {
            throw new MessageFormatException("truncated varint", e);
        }
    }

    @Override
    public int readVarint() {
        try {
            return Varints.readVarint(buffer);
        } catch (BufferUnderflowException e) {
            throw new MessageFormatException("truncated varint", e);
        }
    }

    @Override
    public long readVarlong() {
        try {
            return Varints.readVarlong(buffer);
        } catch (BufferUnderflowException e) {
            throw new MessageFormatException("truncated varlong", e);
        }
    }

    @Override
    public byte[] readBytes(int length) {
        checkLength(length);
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    @Override
    public ByteBuffer readByteBuffer(int length) {
        checkLength(length);
        ByteBuffer view = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        return view;
    }

    @Override
    public UUID readUuid() {
        if (buffer.remaining() < 16) {
            throw underflow(16, null);
        }
        return new UUID(readLong(), readLong());
    }

    @Override
    public String readString(int length) {
        checkLength(length);
        String value;
        if (buffer.hasArray()) {
            value = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
        } else {
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            value = new String(bytes, StandardCharsets.UTF_8);
        }
        return value;
    }

    @Override
    public int remaining() {
        return buffer.remaining();
    }

    private void checkLength(int length) {
        if (length < 0) {
            throw new MessageFormatException("negative length " + length);
        }
        if (length > buffer.remaining()) {
            throw new MessageFormatException(
                    "length " + length + " exceeds the " + buffer.remaining() + " bytes remaining");
        }
    }

    private MessageFormatException underflow(int wanted, BufferUnderflowException cause) {
        return new MessageFormatException(
                "needed " + wanted + " bytes but only " + buffer.remaining() + " remain", cause);
    }
}
