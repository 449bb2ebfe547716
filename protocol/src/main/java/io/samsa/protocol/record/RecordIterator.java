package io.samsa.protocol.record;

import io.samsa.protocol.MessageFormatException;
import io.samsa.protocol.Varints;
import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Walks the records section of one batch (already decompressed). Each record is bounded by its
 * own length prefix before any field is read, so a lying field can only fail, never read into the
 * next record or allocate more than the bytes present. The declared record count is checked
 * against what is actually there: {@link #hasNext()} throws when the bytes run out early or when
 * bytes are left over after the last declared record.
 */
final class RecordIterator implements Iterator<Record> {
    // The smallest record body: attributes, and one-byte timestamp delta, offset delta, key
    // length, value length and header count.
    private static final int MIN_BODY_SIZE = 6;
    // The smallest header: one-byte key length and one-byte value length.
    private static final int MIN_HEADER_SIZE = 2;
    /** What {@link #skip()} holds for a key or value that is present, in place of a view of it. */
    private static final ByteBuffer PRESENT = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final ByteBuffer records;
    private final int declaredCount;
    private final long baseOffset;
    private final long baseTimestamp;
    private final Long logAppendTime;
    private int index;
    private int offsetDelta;
    private long timestamp;
    private boolean hasKey;

    /**
     * @param records the records section; read from position to limit, shared with the returned
     *     records' key and value views
     */
    RecordIterator(ByteBuffer records, int declaredCount, long baseOffset, long baseTimestamp, Long logAppendTime) {
        this.records = records;
        this.declaredCount = declaredCount;
        this.baseOffset = baseOffset;
        this.baseTimestamp = baseTimestamp;
        this.logAppendTime = logAppendTime;
    }

    @Override
    public boolean hasNext() {
        if (index < declaredCount) {
            if (!records.hasRemaining()) {
                throw new CorruptRecordException(Reason.RECORD_COUNT_MISMATCH,
                    "batch declares " + declaredCount + " records but holds only " + index);
            }
            return true;
        }
        if (records.hasRemaining()) {
            throw new CorruptRecordException(Reason.RECORD_COUNT_MISMATCH,
                "batch declares " + declaredCount + " records but " + records.remaining()
                    + " bytes follow the last of them");
        }
        return false;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return read(true);
    }

    /**
     * Checks the next record's structure exactly as {@link #next()} does, without building it (no
     * views, no header strings); its fields are then in {@link #offsetDelta()}, {@link #timestamp()}
     * and {@link #hasKey()}.
     */
    void skip() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        read(false);
    }

    /** The offset delta of the record last read or skipped. */
    int offsetDelta() {
        return offsetDelta;
    }

    /** The timestamp of the record last read or skipped (see {@link Record#timestamp()}). */
    long timestamp() {
        return timestamp;
    }

    /** Whether the record last read or skipped has a key. */
    boolean hasKey() {
        return hasKey;
    }

    /** Reads one record; its body is bounded by moving the limit, so no field can read into the next record. */
    private Record read(boolean build) {
        int start = records.position();
        int end = records.limit();
        try {
            int bodySize = Varints.readVarint(records);
            if (bodySize < MIN_BODY_SIZE || bodySize > records.remaining()) {
                throw invalid("length " + bodySize + " with " + records.remaining() + " bytes left in the batch");
            }
            records.limit(records.position() + bodySize);
            Record record = readBody(records, records.limit() - start, build);
            records.limit(end);
            index++;
            return record;
        } catch (BufferUnderflowException | MessageFormatException e) {
            throw invalid("truncated or malformed field (" + e.getMessage() + ")");
        }
    }

    private Record readBody(ByteBuffer body, int sizeInBytes, boolean build) {
        byte attributes = body.get();
        long timestampDelta = Varints.readVarlong(body);
        offsetDelta = Varints.readVarint(body);
        ByteBuffer key = readBytes(body, "key", build);
        hasKey = key != null;
        ByteBuffer value = readBytes(body, "value", build);
        List<Header> headers = readHeaders(body, build);
        if (body.hasRemaining()) {
            throw invalid(body.remaining() + " bytes left over after its headers");
        }
        timestamp = logAppendTime != null ? logAppendTime : baseTimestamp + timestampDelta;
        return build
            ? new Record(baseOffset + offsetDelta, offsetDelta, timestamp, timestampDelta, attributes,
                sizeInBytes, key, value, headers)
            : null;
    }

    /** The field's bytes (null for length -1); when not building, {@link #PRESENT} stands for any non-null bytes. */
    private ByteBuffer readBytes(ByteBuffer body, String field, boolean build) {
        int size = Varints.readVarint(body);
        if (size == -1) {
            return null;
        }
        if (size < 0 || size > body.remaining()) {
            throw invalid(field + " length " + size + " with " + body.remaining() + " bytes left in the record");
        }
        ByteBuffer bytes = build ? body.slice(body.position(), size).asReadOnlyBuffer() : PRESENT;
        body.position(body.position() + size);
        return bytes;
    }

    private List<Header> readHeaders(ByteBuffer body, boolean build) {
        int count = Varints.readVarint(body);
        if (count < 0 || count > body.remaining() / MIN_HEADER_SIZE) {
            throw invalid("header count " + count + " with " + body.remaining() + " bytes left in the record");
        }
        if (count == 0) {
            return List.of();
        }
        List<Header> headers = build ? new ArrayList<>(count) : null;
        for (int i = 0; i < count; i++) {
            int keySize = Varints.readVarint(body);
            if (keySize < 0 || keySize > body.remaining()) {
                throw invalid("header key length " + keySize + " with " + body.remaining() + " bytes left in the record");
            }
            byte[] key = bytes(body, keySize, build);
            int valueSize = Varints.readVarint(body);
            if (valueSize < -1 || valueSize > body.remaining()) {
                throw invalid("header value length " + valueSize + " with " + body.remaining() + " bytes left in the record");
            }
            byte[] value = valueSize == -1 ? null : bytes(body, valueSize, build);
            if (build) {
                headers.add(new Header(new String(key, StandardCharsets.UTF_8), value));
            }
        }
        return build ? List.copyOf(headers) : List.of();
    }

    /** The next {@code size} bytes, copied when building; skipped otherwise (null). */
    private static byte[] bytes(ByteBuffer body, int size, boolean build) {
        if (!build) {
            body.position(body.position() + size);
            return null;
        }
        byte[] bytes = new byte[size];
        body.get(bytes);
        return bytes;
    }

    private CorruptRecordException invalid(String problem) {
        return new CorruptRecordException(Reason.INVALID_RECORD,
            "record " + index + " of " + declaredCount + ": " + problem);
    }
}
