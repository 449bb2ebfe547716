package io.samsa.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The protocol's variable-length encodings, shared by the generated message classes so that each
 * field costs one call rather than a page of inline code.
 *
 * <p>"Compact" is the flexible-version form (unsigned varint of length + 1, 0 meaning null); the
 * classic form is an int16 (strings) or int32 (bytes, arrays) length, -1 meaning null. Readers
 * accept only -1 as null: other negative lengths are malformed.
 */
public final class WireFormat {
    /** Strings are capped at the int16 length of their classic encoding, compact or not. */
    public static final int MAX_STRING_LENGTH = Short.MAX_VALUE;

    /** The "no UUID" sentinel of the protocol. */
    public static final UUID ZERO_UUID = new UUID(0L, 0L);

    public static final byte[] EMPTY_BYTES = new byte[0];

    private WireFormat() {}

    /** A fresh empty buffer: buffers carry a position, so they are never shared between messages. */
    public static ByteBuffer emptyBuffer() {
        return ByteBuffer.allocate(0);
    }

    // ---- strings

    public static String readString(Readable readable, boolean compact, boolean nullable, String field) {
        int length = compact ? readable.readUnsignedVarint() - 1 : readable.readShort();
        if (length == -1) {
            return nullOrFail(nullable, field);
        }
        if (length < 0 || length > MAX_STRING_LENGTH) {
            throw new MessageFormatException("string field " + field + " has invalid length " + length);
        }
        return readable.readString(length);
    }

    public static void writeString(Writable writable, String value, boolean compact, boolean nullable, String field) {
        if (value == null) {
            writeNullLength(writable, compact, nullable, field, false);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_LENGTH) {
            throw new IllegalArgumentException("string field " + field + " is longer than " + MAX_STRING_LENGTH + " bytes");
        }
        if (compact) {
            writable.writeUnsignedVarint(bytes.length + 1);
        } else {
            writable.writeShort((short) bytes.length);
        }
        writable.writeBytes(bytes);
    }

    public static int sizeOfString(String value, boolean compact) {
        if (value == null) {
            return compact ? 1 : 2;
        }
        int length = utf8Length(value);
        return length + (compact ? Varints.sizeOfUnsignedVarint(length + 1) : 2);
    }

    /** The length of {@code value.getBytes(UTF_8)} without encoding it. */
    public static int utf8Length(CharSequence value) {
        int length = 0;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1; // an unpaired surrogate is encoded as '?'
            } else {
                length += 3;
            }
        }
        return length;
    }

    // ---- bytes, zero-copy bytes and records

    public static byte[] readBytes(Readable readable, boolean compact, boolean nullable, String field) {
        int length = readBytesLength(readable, compact, field);
        return length == -1 ? nullOrFail(nullable, field) : readable.readBytes(length);
    }

    public static ByteBuffer readByteBuffer(Readable readable, boolean compact, boolean nullable, String field) {
        int length = readBytesLength(readable, compact, field);
        return length == -1 ? nullOrFail(nullable, field) : readable.readByteBuffer(length);
    }

    public static void writeBytes(Writable writable, byte[] value, boolean compact, boolean nullable, String field) {
        if (value == null) {
            writeNullLength(writable, compact, nullable, field, true);
            return;
        }
        writeBytesLength(writable, value.length, compact);
        writable.writeBytes(value);
    }

    public static void writeByteBuffer(Writable writable, ByteBuffer value, boolean compact, boolean nullable, String field) {
        if (value == null) {
            writeNullLength(writable, compact, nullable, field, true);
            return;
        }
        writeBytesLength(writable, value.remaining(), compact);
        writable.writeByteBuffer(value);
    }

    /** A records field: a view of the input's bytes, no copy. */
    public static ByteBufferRecords readRecords(Readable readable, boolean compact, boolean nullable, String field) {
        int length = readBytesLength(readable, compact, field);
        return length == -1 ? nullOrFail(nullable, field) : ByteBufferRecords.wrap(readable.readByteBuffer(length));
    }

    public static void writeRecords(Writable writable, Records value, boolean compact, boolean nullable, String field) {
        if (value == null) {
            writeNullLength(writable, compact, nullable, field, true);
            return;
        }
        writeBytesLength(writable, value.sizeInBytes(), compact);
        writable.writeRecords(value);
    }

    public static int sizeOfRecords(Records value, boolean compact) {
        if (value == null) {
            return sizeOfNullLength(compact);
        }
        int size = value.sizeInBytes();
        return sizeOfBytesLength(size, compact) + size;
    }

    public static int sizeOfBytes(byte[] value, boolean compact) {
        return value == null ? sizeOfNullLength(compact) : sizeOfBytesLength(value.length, compact) + value.length;
    }

    public static int sizeOfByteBuffer(ByteBuffer value, boolean compact) {
        if (value == null) {
            return sizeOfNullLength(compact);
        }
        return sizeOfBytesLength(value.remaining(), compact) + value.remaining();
    }

    // ---- arrays

    /** An array's element count, or -1 for null; never more than the bytes left, as each element takes one at least. */
    public static int readArrayLength(Readable readable, boolean compact, boolean nullable, String field) {
        int count = readBytesLength(readable, compact, field);
        if (count == -1) {
            nullOrFail(nullable, field);
            return -1;
        }
        if (count > readable.remaining()) {
            throw new MessageFormatException("array field " + field + " claims " + count
                    + " elements but only " + readable.remaining() + " bytes remain");
        }
        return count;
    }

    public static void writeArrayLength(Writable writable, List<?> value, boolean compact, boolean nullable, String field) {
        if (value == null) {
            writeNullLength(writable, compact, nullable, field, true);
        } else {
            writeBytesLength(writable, value.size(), compact);
        }
    }

    public static int sizeOfArrayLength(List<?> value, boolean compact) {
        return value == null ? sizeOfNullLength(compact) : sizeOfBytesLength(value.size(), compact);
    }

    // ---- nullable structs: a presence byte, -1 for null and 1 for a struct that follows

    public static boolean readStructPresence(Readable readable) {
        return readable.readByte() >= 0;
    }

    public static void writeStructPresence(Writable writable, Object value, boolean nullable, String field) {
        if (value == null && !nullable) {
            throw new NullPointerException("non-nullable field " + field + " is null");
        }
        writable.writeByte(value == null ? (byte) -1 : (byte) 1);
    }

    // ---- tagged fields

    public static List<RawTaggedField> readUnknownTaggedField(Readable readable, List<RawTaggedField> fields, int tag, int size) {
        if (tag < 0) {
            throw new MessageFormatException("invalid tag " + tag);
        }
        byte[] data = readable.readBytes(size);
        List<RawTaggedField> result = fields == null ? new ArrayList<>() : fields;
        result.add(new RawTaggedField(tag, data));
        return result;
    }

    public static int countOf(List<RawTaggedField> fields) {
        return fields == null ? 0 : fields.size();
    }

    /**
     * Writes the unknown fields, from index {@code from}, whose tags sort before {@code knownTag},
     * so that known and unknown fields go out in one ascending tag order. Returns the next index.
     */
    public static int writeUnknownTaggedFieldsBefore(Writable writable, List<RawTaggedField> fields, int from, int knownTag) {
        int i = from;
        while (fields != null && i < fields.size() && fields.get(i).tag() <= knownTag) {
            RawTaggedField field = fields.get(i);
            if (field.tag() == knownTag) {
                throw new IllegalStateException("unknown tagged field reuses the known tag " + knownTag);
            }
            writeRawTaggedField(writable, field);
            i++;
        }
        return i;
    }

    public static void writeRemainingUnknownTaggedFields(Writable writable, List<RawTaggedField> fields, int from) {
        if (fields == null) {
            return;
        }
        for (int i = from; i < fields.size(); i++) {
            writeRawTaggedField(writable, fields.get(i));
        }
    }

    public static int sizeOfUnknownTaggedFields(List<RawTaggedField> fields) {
        if (fields == null) {
            return 0;
        }
        int size = 0;
        for (RawTaggedField field : fields) {
            size += sizeOfTaggedField(field.tag(), field.size());
        }
        return size;
    }

    /** Tag, length and body of one tagged field whose body is {@code size} bytes. */
    public static int sizeOfTaggedField(int tag, int size) {
        return Varints.sizeOfUnsignedVarint(tag) + Varints.sizeOfUnsignedVarint(size) + size;
    }

    // ---- internals

    private static void writeRawTaggedField(Writable writable, RawTaggedField field) {
        writable.writeUnsignedVarint(field.tag());
        writable.writeUnsignedVarint(field.size());
        writable.writeBytes(field.data());
    }

    private static int readBytesLength(Readable readable, boolean compact, String field) {
        int length = compact ? readable.readUnsignedVarint() - 1 : readable.readInt();
        if (length < -1) {
            throw new MessageFormatException("field " + field + " has negative length " + length);
        }
        return length;
    }

    private static void writeBytesLength(Writable writable, int length, boolean compact) {
        if (compact) {
            writable.writeUnsignedVarint(length + 1);
        } else {
            writable.writeInt(length);
        }
    }

    private static int sizeOfBytesLength(int length, boolean compact) {
        return compact ? Varints.sizeOfUnsignedVarint(length + 1) : 4;
    }

    private static void writeNullLength(Writable writable, boolean compact, boolean nullable, String field, boolean int32) {
        if (!nullable) {
            throw new NullPointerException("non-nullable field " + field + " is null");
        }
        if (compact) {
            writable.writeUnsignedVarint(0);
        } else if (int32) {
            writable.writeInt(-1);
        } else {
            writable.writeShort((short) -1);
        }
    }

    private static int sizeOfNullLength(boolean compact) {
        return compact ? 1 : 4;
    }

    private static <T> T nullOrFail(boolean nullable, String field) {
        if (!nullable) {
            throw new MessageFormatException("non-nullable field " + field + " was serialized as null");
        }
        return null;
    }
}
