package io.samsa.protocol;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The source the generated message classes decode from. All multi-byte values are big-endian, as
 * on the Kafka wire. Implementations must report every underflow, negative length or over-long
 * value as a {@link MessageFormatException}, and must never allocate more than {@link #remaining()}
 * bytes on the say-so of a length read from the input.
 */
public interface Readable {
    byte readByte();

    short readShort();

    int readInt();

    long readLong();

    double readDouble();

    int readUnsignedVarint();

    int readVarint();

    long readVarlong();

    /** A copy of the next {@code length} bytes. */
    byte[] readBytes(int length);

    /** A view of the next {@code length} bytes that shares the underlying memory (no copy). */
    ByteBuffer readByteBuffer(int length);

    UUID readUuid();

    /** The next {@code length} bytes decoded as UTF-8. */
    String readString(int length);

    int remaining();
}
