package io.samsa.protocol;

import java.nio.ByteBuffer;

/**
 * Kafka's variable-length integers: unsigned varints (LEB128, used for compact lengths and tags)
 * and zig-zag signed varints/varlongs (used inside record batches). Reads are strict: a varint
 * longer than its type allows is rejected rather than silently truncated, because it can only
 * come from a corrupt or hostile peer.
 */
public final class Varints {
    private Varints() {}

    public static int readUnsignedVarint(ByteBuffer buffer) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = buffer.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MessageFormatException("varint is longer than 5 bytes");
    }

    public static long readUnsignedVarlong(ByteBuffer buffer) {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = buffer.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MessageFormatException("varlong is longer than 10 bytes");
    }

    public static int readVarint(ByteBuffer buffer) {
        int raw = readUnsignedVarint(buffer);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static long readVarlong(ByteBuffer buffer) {
        long raw = readUnsignedVarlong(buffer);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static void writeUnsignedVarint(int value, ByteBuffer buffer) {
        while ((value & 0xffffff80) != 0) {
            buffer.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    public static void writeUnsignedVarlong(long value, ByteBuffer buffer) {
        while ((value & 0xffffffffffffff80L) != 0) {
            buffer.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    public static void writeVarint(int value, ByteBuffer buffer) {
        writeUnsignedVarint((value << 1) ^ (value >> 31), buffer);
    }

    public static void writeVarlong(long value, ByteBuffer buffer) {
        writeUnsignedVarlong((value << 1) ^ (value >> 63), buffer);
    }

    public static int sizeOfUnsignedVarint(int value) {
        // Each 7 significant bits need one byte; zero still takes one.
        int bits = 32 - Integer.numberOfLeadingZeros(value);
        return Math.max(1, (bits + 6) / 7);
    }

    public static int sizeOfUnsignedVarlong(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value);
        return Math.max(1, (bits + 6) / 7);
    }

    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    public static int sizeOfVarlong(long value) {
        return sizeOfUnsignedVarlong((value << 1) ^ (value >> 63));
    }
}
