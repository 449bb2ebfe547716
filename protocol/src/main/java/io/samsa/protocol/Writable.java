package io.samsa.protocol;

import java.nio.ByteBuffer;
import java.util.UUID;

/** The sink the generated message classes encode into. Multi-byte values are written big-endian. */
public interface Writable {
    void writeByte(byte value);

    void writeShort(short value);

    void writeInt(int value);

    void writeLong(long value);

    void writeDouble(double value);

    void writeUnsignedVarint(int value);

    void writeVarint(int value);

    void writeVarlong(long value);

    void writeBytes(byte[] bytes);

    void writeBytes(byte[] bytes, int offset, int length);

    /** Writes the source's remaining bytes; the source's position is left where it was. */
    void writeByteBuffer(ByteBuffer source);

    void writeUuid(UUID uuid);

    /**
     * Writes the bytes of a {@code records} field (its length prefix is already written). A writer
     * that can send some kinds of records without copying them overrides this.
     */
    default void writeRecords(Records records) {
        records.writeTo(this);
    }
}
