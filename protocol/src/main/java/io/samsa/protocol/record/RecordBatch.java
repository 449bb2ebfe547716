package io.samsa.protocol.record;

import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * A view of one magic v2 record batch inside a buffer. Nothing is copied: header getters read the
 * caller's bytes, and the patch methods ({@link #setBaseOffset}, {@link #setPartitionLeaderEpoch},
 * {@link #setMaxTimestamp}) write into them. The view covers exactly {@link #sizeInBytes()} bytes
 * and has its own position, so the caller's position and limit never move.
 *
 * <p>Layout (big-endian, offsets in bytes):
 * <pre>
 *  0 baseOffset int64         | 27 baseTimestamp int64
 *  8 batchLength int32        | 35 maxTimestamp int64
 * 12 partitionLeaderEpoch i32 | 43 producerId int64
 * 16 magic int8 (= 2)         | 51 producerEpoch int16
 * 17 crc uint32               | 53 baseSequence int32
 * 21 attributes int16         | 57 recordCount int32
 * 23 lastOffsetDelta int32    | 61 records...
 * </pre>
 * batchLength counts the bytes after itself; the CRC32C covers attributes through the end, so the
 * base offset and leader epoch can be patched without recomputing it.
 *
 * <p>{@link #wrap} checks only what locating the batch needs (magic, length, bounds). Call
 * {@link #ensureValid()} for the CRC and {@link #validate(int)} for everything a broker checks
 * before appending.
 *
 * <p>Reading from several threads is safe; patching is not, and must not overlap with reads.
 */
public final class RecordBatch {
    public static final byte MAGIC = 2;
    /** Size of baseOffset and batchLength, the part of the header batchLength does not count. */
    public static final int LOG_OVERHEAD = 12;
    /** Size of the fixed header; the records start here. */
    public static final int HEADER_SIZE = 61;
    /** Bytes needed to see the magic byte (which sits at the same place in every format). */
    public static final int HEADER_SIZE_UP_TO_MAGIC = 17;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    static final int BASE_OFFSET_OFFSET = 0;
    static final int BATCH_LENGTH_OFFSET = 8;
    static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC_OFFSET = 17;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int BASE_TIMESTAMP_OFFSET = 27;
    static final int MAX_TIMESTAMP_OFFSET = 35;
    static final int PRODUCER_ID_OFFSET = 43;
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    static final int RECORD_COUNT_OFFSET = 57;
    static final int RECORDS_OFFSET = HEADER_SIZE;

    static final int TIMESTAMP_TYPE_FLAG = 0x08;
    static final int TRANSACTIONAL_FLAG = 0x10;
    static final int CONTROL_FLAG = 0x20;
    static final int DELETE_HORIZON_FLAG = 0x40;

    private final ByteBuffer buffer;

    private RecordBatch(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * Views the batch that starts at {@code buffer}'s position. Bytes after the batch are ignored;
     * the buffer's position and limit are not changed.
     *
     * @throws CorruptRecordException {@link Reason#TRUNCATED} if the buffer ends before the batch
     *     does, {@link Reason#INVALID_MAGIC} if the magic is not 2,
     *     {@link Reason#INVALID_BATCH_LENGTH} if batchLength is below the header size
     */
    public static RecordBatch wrap(ByteBuffer buffer) {
        // slice() reads big-endian whatever order the caller's buffer was set to.
        ByteBuffer bytes = buffer.slice();
        int available = bytes.remaining();
        if (available < HEADER_SIZE_UP_TO_MAGIC) {
            throw new CorruptRecordException(Reason.TRUNCATED,
                "only " + available + " bytes, fewer than a batch header");
        }
        int batchLength = bytes.getInt(BATCH_LENGTH_OFFSET);
        checkFramingHeader(bytes.get(MAGIC_OFFSET), batchLength);
        long size = LOG_OVERHEAD + (long) batchLength;
        if (size > available) {
            throw new CorruptRecordException(Reason.TRUNCATED,
                "batch of " + size + " bytes but only " + available + " bytes in the buffer");
        }
        return new RecordBatch(bytes.limit((int) size));
    }

    /**
     * Splits a buffer that must consist of complete batches only, such as a produce request's
     * records. Use {@link RecordBatchIterator} for fetched data, which may end with a partial batch.
     *
     * @throws CorruptRecordException as {@link #wrap}, and {@link Reason#TRUNCATED} for a partial
     *     trailing batch
     */
    public static List<RecordBatch> readAll(ByteBuffer buffer) {
        RecordBatchIterator batches = new RecordBatchIterator(buffer);
        List<RecordBatch> result = new ArrayList<>();
        batches.forEachRemaining(result::add);
        if (batches.hasPartialBatch()) {
            throw new CorruptRecordException(Reason.TRUNCATED, "the last " + batches.partialBatchBytes()
                + " bytes are an incomplete batch (after " + result.size() + " complete ones)");
        }
        return result;
    }

    /** The checks shared with {@link RecordBatchIterator}: which format, and a possible length. */
    static void checkFramingHeader(byte magic, int batchLength) {
        if (magic != MAGIC) {
            throw new CorruptRecordException(Reason.INVALID_MAGIC,
                "batch magic is " + magic + "; only magic " + MAGIC + " (Kafka 0.11+ record batches) is supported");
        }
        checkBatchLength(batchLength);
    }

    static void checkBatchLength(int batchLength) {
        if (batchLength < HEADER_SIZE - LOG_OVERHEAD) {
            throw new CorruptRecordException(Reason.INVALID_BATCH_LENGTH,
                "batch length " + batchLength + " is smaller than a batch header (" + (HEADER_SIZE - LOG_OVERHEAD) + ")");
        }
    }

    /**
     * The batch's bytes: a view into the caller's buffer, positioned at 0 with limit
     * {@link #sizeInBytes()}. Later patches show through it.
     */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    public long baseOffset() {
        return buffer.getLong(BASE_OFFSET_OFFSET);
    }

    public int batchLength() {
        return buffer.getInt(BATCH_LENGTH_OFFSET);
    }

    /** The whole batch, {@link #LOG_OVERHEAD} included. */
    public int sizeInBytes() {
        return buffer.limit();
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.get(MAGIC_OFFSET);
    }

    /** The stored CRC32C, unsigned. */
    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(CRC_OFFSET));
    }

    /** The CRC32C of attributes through the end of the batch, as it should be stored. */
    public long computeChecksum() {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(ATTRIBUTES_OFFSET, buffer.limit() - ATTRIBUTES_OFFSET));
        return crc.getValue();
    }

    public boolean isValid() {
        return checksum() == computeChecksum();
    }

    /** @throws CorruptRecordException {@link Reason#CRC_MISMATCH} if the stored CRC is wrong */
    public void ensureValid() {
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException(Reason.CRC_MISMATCH, String.format(
                "batch at offset %d: stored CRC 0x%08x, computed 0x%08x", baseOffset(), stored, computed));
        }
    }

    public short attributes() {
        return buffer.getShort(ATTRIBUTES_OFFSET);
    }

    /** @throws UnsupportedCompressionException if the attributes name codec id 5, 6 or 7 */
    public Compression compression() {
        return Compression.forId(attributes() & Compression.ATTRIBUTE_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_FLAG) != 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG) != 0;
    }

    public boolean isControl() {
        return (attributes() & CONTROL_FLAG) != 0;
    }

    /** Whether the log cleaner stored a delete horizon in place of the base timestamp. */
    public boolean hasDeleteHorizon() {
        return (attributes() & DELETE_HORIZON_FLAG) != 0;
    }

    public OptionalLong deleteHorizonMs() {
        return hasDeleteHorizon() ? OptionalLong.of(baseTimestamp()) : OptionalLong.empty();
    }

    public int lastOffsetDelta() {
        return buffer.getInt(LAST_OFFSET_DELTA_OFFSET);
    }

    public long baseTimestamp() {
        return buffer.getLong(BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buffer.getLong(PRODUCER_ID_OFFSET);
    }

    public boolean hasProducerId() {
        return producerId() > NO_PRODUCER_ID;
    }

    public short producerEpoch() {
        return buffer.getShort(PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(BASE_SEQUENCE_OFFSET);
    }

    /** baseSequence + lastOffsetDelta, wrapping past Integer.MAX_VALUE to 0 as producers do. */
    public int lastSequence() {
        int base = baseSequence();
        if (base == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        long last = (long) base + lastOffsetDelta();
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    public int recordCount() {
        return buffer.getInt(RECORD_COUNT_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** Whether the records section is compressed (codec id other than 0). */
    public boolean isCompressed() {
        return (attributes() & Compression.ATTRIBUTE_MASK) != 0;
    }

    /** Assigns the batch its offsets. Not covered by the CRC, so it stays valid. */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Stamps the leader epoch of the appending leader. Not covered by the CRC. */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Sets the timestamp type and max timestamp, as a broker does for a LogAppendTime topic, and
     * recomputes the CRC (both fields are covered by it). The other attribute bits are kept as
     * they are. Does nothing if both already hold these values, so a valid CRC is not rewritten.
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestamp) {
        short attributes = attributes();
        short updated = (short) (type == TimestampType.LOG_APPEND_TIME
            ? attributes | TIMESTAMP_TYPE_FLAG
            : attributes & ~TIMESTAMP_TYPE_FLAG);
        if (updated == attributes && maxTimestamp() == maxTimestamp) {
            return;
        }
        buffer.putShort(ATTRIBUTES_OFFSET, updated);
        buffer.putLong(MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buffer.putInt(CRC_OFFSET, (int) computeChecksum());
    }

    /**
     * Iterates the records, decompressing the records section first if needed. Structure is
     * checked as it goes (see {@link CorruptRecordException.Reason}); the CRC is not.
     *
     * @param maxUncompressedBytes the most bytes decompression may produce (ignored for an
     *     uncompressed batch, whose records are read in place)
     */
    public Iterator<Record> iterator(int maxUncompressedBytes) {
        return recordIterator(maxUncompressedBytes);
    }

    private RecordIterator recordIterator(int maxUncompressedBytes) {
        int count = recordCount();
        if (count < 0) {
            throw new CorruptRecordException(Reason.INVALID_HEADER, "negative record count " + count);
        }
        Compression compression = compression();
        ByteBuffer section = buffer.slice(RECORDS_OFFSET, buffer.limit() - RECORDS_OFFSET);
        ByteBuffer records = compression == Compression.NONE
            ? section
            : compression.decompress(section, maxUncompressedBytes);
        Long logAppendTime = timestampType() == TimestampType.LOG_APPEND_TIME ? maxTimestamp() : null;
        return new RecordIterator(records, count, baseOffset(), baseTimestamp(), logAppendTime);
    }

    /** All records; see {@link #iterator(int)}. */
    public List<Record> records(int maxUncompressedBytes) {
        List<Record> records = new ArrayList<>();
        iterator(maxUncompressedBytes).forEachRemaining(records::add);
        return records;
    }

    /**
     * Everything a broker checks before accepting a batch that any broker could have written:
     * the CRC, header fields that cannot be negative, a known codec, and every record's structure,
     * with offset deltas strictly increasing and none beyond lastOffsetDelta. (A compacted batch
     * may have gaps and a last record below lastOffsetDelta, so those are allowed; a produce
     * handler that wants densely numbered batches checks recordCount == lastOffsetDelta + 1 itself.)
     *
     * @throws CorruptRecordException naming the first problem found
     */
    public void validate(int maxUncompressedBytes) {
        ensureValid();
        validateRecords(maxUncompressedBytes, (offsetDelta, timestamp, hasKey) -> { });
    }

    /**
     * What {@link #validate(int)} checks but the CRC, in one pass over the records (decompressed
     * once, read in place, no {@link Record}s built), showing each record to {@code visitor} once
     * its structure has been checked.
     *
     * @throws CorruptRecordException naming the first problem found
     */
    public void validateRecords(int maxUncompressedBytes, RecordVisitor visitor) {
        int lastOffsetDelta = lastOffsetDelta();
        if (lastOffsetDelta < 0) {
            throw new CorruptRecordException(Reason.INVALID_HEADER, "negative last offset delta " + lastOffsetDelta);
        }
        RecordIterator records = recordIterator(maxUncompressedBytes);
        int previousDelta = -1;
        while (records.hasNext()) {
            records.skip();
            int delta = records.offsetDelta();
            if (delta <= previousDelta || delta > lastOffsetDelta) {
                throw new CorruptRecordException(Reason.INVALID_RECORD, "record offset delta " + delta
                    + " after " + previousDelta + " is outside the batch's range 0.." + lastOffsetDelta);
            }
            previousDelta = delta;
            visitor.record(delta, records.timestamp(), records.hasKey());
        }
    }

    /** Sees the records of {@link #validateRecords}, one call per record, in order. */
    @FunctionalInterface
    public interface RecordVisitor {
        /** @param timestamp as {@link Record#timestamp()} */
        void record(int offsetDelta, long timestamp, boolean hasKey);
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset()
            + ", records=" + recordCount() + ", size=" + sizeInBytes()
            + ", attributes=0x" + Integer.toHexString(attributes() & 0xffff)
            + ", producerId=" + producerId() + ", producerEpoch=" + producerEpoch()
            + ", baseSequence=" + baseSequence() + ", leaderEpoch=" + partitionLeaderEpoch() + ")";
    }
}
