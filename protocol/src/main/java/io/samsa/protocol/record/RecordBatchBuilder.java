package io.samsa.protocol.record;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.Varints;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes one magic v2 batch. Set the batch properties in any order, append records, then
 * {@link #build()}. Defaults are those of a plain, non-idempotent producer: base offset 0, no
 * producer id/epoch/sequence, no leader epoch, CreateTime, no compression.
 *
 * <p>Appended keys, values and header values are referenced, not copied, until {@link #build()}:
 * don't change them before then. Not thread-safe; one builder builds one batch.
 */
public final class RecordBatchBuilder {
    private Compression compression = Compression.NONE;
    private int compressionLevel = Compression.NONE.defaultLevel();
    private long baseOffset;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private boolean control;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private long logAppendTime = RecordBatch.NO_TIMESTAMP;
    private Long deleteHorizonMs;
    private Long lastOffsetOverride;
    private final List<PendingRecord> records = new ArrayList<>();

    private record PendingRecord(long offset, long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {}

    public RecordBatchBuilder compression(Compression compression) {
        return compression(compression, compression.defaultLevel());
    }

    /** @throws IllegalArgumentException if the level is outside the codec's range */
    public RecordBatchBuilder compression(Compression compression, int level) {
        requireNonNull(compression, "compression is null").checkLevel(level);
        this.compression = compression;
        this.compressionLevel = level;
        return this;
    }

    public RecordBatchBuilder baseOffset(long baseOffset) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("base offset must not be negative: " + baseOffset);
        }
        this.baseOffset = baseOffset;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int partitionLeaderEpoch) {
        this.partitionLeaderEpoch = partitionLeaderEpoch;
        return this;
    }

    /** Marks the batch as written by an idempotent or transactional producer. */
    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    public RecordBatchBuilder transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    /** A control batch, such as a transaction marker (see {@link EndTransactionMarker}). */
    public RecordBatchBuilder control(boolean control) {
        this.control = control;
        return this;
    }

    public RecordBatchBuilder createTime() {
        this.timestampType = TimestampType.CREATE_TIME;
        return this;
    }

    /** LogAppendTime: the batch max timestamp is {@code logAppendTime}, which readers give every record. */
    public RecordBatchBuilder logAppendTime(long logAppendTime) {
        this.timestampType = TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = logAppendTime;
        return this;
    }

    /** Stores a log cleaner's delete horizon in place of the base timestamp (attribute bit 6). */
    public RecordBatchBuilder deleteHorizonMs(long deleteHorizonMs) {
        this.deleteHorizonMs = deleteHorizonMs;
        return this;
    }

    /**
     * Makes lastOffsetDelta cover {@code lastOffset} even if no record has it, as a compacted
     * batch does to keep its producer sequence range.
     */
    public RecordBatchBuilder lastOffset(long lastOffset) {
        this.lastOffsetOverride = lastOffset;
        return this;
    }

    /** Appends a record at the next offset (the base offset for the first record). */
    public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value, Header... headers) {
        return append(timestamp, wrap(key), wrap(value), List.of(headers));
    }

    /** Appends a record at the next offset (the base offset for the first record). */
    public RecordBatchBuilder append(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        long offset = records.isEmpty() ? baseOffset : records.get(records.size() - 1).offset() + 1;
        return appendWithOffset(offset, timestamp, key, value, headers);
    }

    /**
     * Appends a record at an explicit offset, which must be above the previous record's and not
     * below the base offset. Gaps are allowed (compacted batches have them).
     */
    public RecordBatchBuilder appendWithOffset(long offset, long timestamp, ByteBuffer key, ByteBuffer value,
        List<Header> headers) {
        if (!records.isEmpty() && offset <= records.get(records.size() - 1).offset()) {
            throw new IllegalArgumentException("offset " + offset + " is not above the previous record's "
                + records.get(records.size() - 1).offset());
        }
        records.add(new PendingRecord(offset, timestamp,
            key == null ? null : key.duplicate(),
            value == null ? null : value.duplicate(),
            List.copyOf(headers)));
        return this;
    }

    /** The number of records appended so far. */
    public int recordCount() {
        return records.size();
    }

    /**
     * Writes the batch. Allowed with no records: the result is an empty batch (count 0), as a
     * log cleaner keeps to preserve producer state.
     *
     * @return a new heap buffer the caller owns, positioned at 0, holding exactly the batch
     * @throws IllegalStateException if the settings contradict each other
     */
    public ByteBuffer build() {
        checkConsistent();
        long baseTimestamp = deleteHorizonMs != null ? deleteHorizonMs
            : records.isEmpty() ? RecordBatch.NO_TIMESTAMP : records.get(0).timestamp();

        GrowableBuffer section = new GrowableBuffer(1024, GrowableBuffer.MAX_ARRAY_SIZE);
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        for (PendingRecord record : records) {
            writeRecord(record, baseTimestamp, section);
            maxTimestamp = Math.max(maxTimestamp, record.timestamp());
        }
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            maxTimestamp = logAppendTime;
        }
        ByteBuffer payload = compression == Compression.NONE
            ? section.toByteBuffer()
            : compression.compress(section.toByteBuffer(), compressionLevel);

        long size = (long) RecordBatch.HEADER_SIZE + payload.remaining();
        if (size > GrowableBuffer.MAX_ARRAY_SIZE) {
            throw new IllegalStateException("batch of " + size + " bytes is too large");
        }
        ByteBuffer batch = ByteBuffer.allocate((int) size);
        batch.putLong(baseOffset);
        batch.putInt((int) size - RecordBatch.LOG_OVERHEAD);
        batch.putInt(partitionLeaderEpoch);
        batch.put(RecordBatch.MAGIC);
        batch.putInt(0); // CRC, computed last
        batch.putShort(attributes());
        batch.putInt(lastOffsetDelta());
        batch.putLong(baseTimestamp);
        batch.putLong(maxTimestamp);
        batch.putLong(producerId);
        batch.putShort(producerEpoch);
        batch.putInt(baseSequence);
        batch.putInt(records.size());
        batch.put(payload);
        batch.flip();

        CRC32C crc = new CRC32C();
        crc.update(batch.slice(RecordBatch.ATTRIBUTES_OFFSET, batch.limit() - RecordBatch.ATTRIBUTES_OFFSET));
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
        return batch;
    }

    private void checkConsistent() {
        if (transactional && producerId < 0) {
            throw new IllegalStateException("a transactional batch needs a producer id");
        }
        if (!records.isEmpty()) {
            long last = records.get(records.size() - 1).offset();
            if (records.get(0).offset() < baseOffset) {
                throw new IllegalStateException("first record offset " + records.get(0).offset()
                    + " is below the base offset " + baseOffset);
            }
            if (lastOffsetOverride != null && lastOffsetOverride < last) {
                throw new IllegalStateException("last offset " + lastOffsetOverride + " is below the last record's " + last);
            }
        }
        long lastOffset = lastOffset();
        if (lastOffset < baseOffset || lastOffset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalStateException("last offset " + lastOffset + " is out of range of base offset " + baseOffset);
        }
    }

    private long lastOffset() {
        if (lastOffsetOverride != null) {
            return lastOffsetOverride;
        }
        return records.isEmpty() ? baseOffset : records.get(records.size() - 1).offset();
    }

    private int lastOffsetDelta() {
        return (int) (lastOffset() - baseOffset);
    }

    private short attributes() {
        int attributes = compression.id();
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            attributes |= RecordBatch.TIMESTAMP_TYPE_FLAG;
        }
        if (transactional) {
            attributes |= RecordBatch.TRANSACTIONAL_FLAG;
        }
        if (control) {
            attributes |= RecordBatch.CONTROL_FLAG;
        }
        if (deleteHorizonMs != null) {
            attributes |= RecordBatch.DELETE_HORIZON_FLAG;
        }
        return (short) attributes;
    }

    private void writeRecord(PendingRecord record, long baseTimestamp, GrowableBuffer out) {
        int offsetDelta = (int) (record.offset() - baseOffset);
        long timestampDelta = record.timestamp() - baseTimestamp;
        List<byte[]> headerKeys = new ArrayList<>(record.headers().size());
        int bodySize = 1 // attributes, always 0 in v2
            + Varints.sizeOfVarlong(timestampDelta)
            + Varints.sizeOfVarint(offsetDelta)
            + sizeOfBytes(record.key())
            + sizeOfBytes(record.value())
            + Varints.sizeOfVarint(record.headers().size());
        for (Header header : record.headers()) {
            byte[] key = header.key().getBytes(StandardCharsets.UTF_8);
            headerKeys.add(key);
            bodySize += Varints.sizeOfVarint(key.length) + key.length;
            bodySize += header.value() == null ? 1 : Varints.sizeOfVarint(header.value().length) + header.value().length;
        }

        ByteBuffer target = out.reserve(Varints.sizeOfVarint(bodySize) + bodySize);
        Varints.writeVarint(bodySize, target);
        target.put((byte) 0);
        Varints.writeVarlong(timestampDelta, target);
        Varints.writeVarint(offsetDelta, target);
        writeBytes(record.key(), target);
        writeBytes(record.value(), target);
        Varints.writeVarint(record.headers().size(), target);
        for (int i = 0; i < headerKeys.size(); i++) {
            byte[] key = headerKeys.get(i);
            Varints.writeVarint(key.length, target);
            target.put(key);
            byte[] value = record.headers().get(i).value();
            if (value == null) {
                Varints.writeVarint(-1, target);
            } else {
                Varints.writeVarint(value.length, target);
                target.put(value);
            }
        }
    }

    private static int sizeOfBytes(ByteBuffer bytes) {
        return bytes == null ? 1 : Varints.sizeOfVarint(bytes.remaining()) + bytes.remaining();
    }

    private static void writeBytes(ByteBuffer bytes, ByteBuffer target) {
        if (bytes == null) {
            Varints.writeVarint(-1, target);
        } else {
            Varints.writeVarint(bytes.remaining(), target);
            target.put(bytes.duplicate());
        }
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
