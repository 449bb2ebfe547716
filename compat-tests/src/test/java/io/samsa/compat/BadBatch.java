package io.samsa.compat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Record payloads a well-behaved producer never sends, each with the per-partition error an
 * Apache Kafka 4.3.1 broker answers with, measured by sending these same bytes to one (with
 * acks=0 it closed the connection in every case). The bytes are built with kafka-clients' own
 * record classes and then damaged on purpose.
 *
 * <p>Not here because Kafka 4.3.1 accepts them: a valid batch followed by a few trailing bytes or
 * by the first part of another batch (Kafka stores the complete batch and drops the rest; Samsa
 * refuses the partition with INVALID_RECORD). A real transaction marker (transactional bit set)
 * in a request without a transactional id: Kafka refuses the whole request with
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED for every partition; with a transactional id it answers
 * INVALID_RECORD like {@link #CONTROL_BATCH}.
 */
enum BadBatch {
    /** A byte of the last record flipped: the batch CRC no longer matches. */
    CORRUPT_CRC(Errors.CORRUPT_MESSAGE) {
        @Override
        ByteBuffer records() {
            ByteBuffer batch = valid(Compression.NONE, 3);
            int last = batch.limit() - 1;
            batch.put(last, (byte) (batch.get(last) ^ 0x5a));
            return batch;
        }
    },
    /** The last bytes of a valid batch are missing: batchLength claims more than the request holds. */
    TRUNCATED(Errors.INVALID_RECORD) {
        @Override
        ByteBuffer records() {
            ByteBuffer batch = valid(Compression.NONE, 3);
            return batch.limit(batch.limit() - 7).slice();
        }
    },
    /** Only the first 40 bytes of a batch header (less than the 61-byte v2 header). */
    TRUNCATED_HEADER(Errors.INVALID_RECORD) {
        @Override
        ByteBuffer records() {
            return valid(Compression.NONE, 3).limit(40).slice();
        }
    },
    /** lastOffsetDelta 5 for a batch of 3 records (CRC recomputed, so only the counts disagree). */
    LAST_OFFSET_DELTA_MISMATCH(Errors.INVALID_RECORD) {
        @Override
        ByteBuffer records() {
            ByteBuffer batch = valid(Compression.NONE, 3);
            batch.putInt(LAST_OFFSET_DELTA_AT, 5);
            return withFreshCrc(batch);
        }
    },
    /** Record count 5 and lastOffsetDelta 4 (consistent with each other) but only 3 records inside. */
    RECORD_COUNT_MISMATCH(Errors.INVALID_RECORD) {
        @Override
        ByteBuffer records() {
            ByteBuffer batch = valid(Compression.NONE, 3);
            batch.putInt(LAST_OFFSET_DELTA_AT, 4);
            batch.putInt(RECORDS_COUNT_AT, 5);
            return withFreshCrc(batch);
        }
    },
    /** Record count 5 and lastOffsetDelta 4 but only 3 records inside an lz4 batch. */
    RECORD_COUNT_MISMATCH_COMPRESSED(Errors.INVALID_RECORD) {
        @Override
        ByteBuffer records() {
            ByteBuffer batch = valid(Compression.lz4().build(), 3);
            batch.putInt(LAST_OFFSET_DELTA_AT, 4);
            batch.putInt(RECORDS_COUNT_AT, 5);
            return withFreshCrc(batch);
        }
    },
    /** A negative record count (CRC recomputed). */
    NEGATIVE_RECORD_COUNT(Errors.INVALID_RECORD) {
        @Override
        ByteBuffer records() {
            ByteBuffer batch = valid(Compression.NONE, 3);
            batch.putInt(RECORDS_COUNT_AT, -1);
            return withFreshCrc(batch);
        }
    },
    /**
     * The records of an uncompressed batch overwritten with noise (CRC recomputed). Kafka 4.3.1
     * answers UNKNOWN_SERVER_ERROR here (its varint reader throws an unexpected exception type);
     * it answers INVALID_RECORD for the other record structure errors, and so does Samsa for all.
     */
    GARBLED_RECORDS(Errors.INVALID_RECORD, Errors.UNKNOWN_SERVER_ERROR) {
        @Override
        ByteBuffer records() {
            ByteBuffer batch = valid(Compression.NONE, 3);
            for (int i = RECORDS_AT; i < batch.limit(); i++) {
                batch.put(i, (byte) (0x80 | i * 7));
            }
            return withFreshCrc(batch);
        }
    },
    /**
     * A batchLength smaller than a batch header. Kafka 4.3.1 answers CORRUPT_MESSAGE too, but for
     * every partition of the request (the good neighbour included), since it meets the bad length
     * while scanning the whole request; Samsa refuses only this partition.
     */
    IMPOSSIBLE_BATCH_LENGTH(Errors.CORRUPT_MESSAGE) {
        @Override
        ByteBuffer records() {
            ByteBuffer batch = valid(Compression.NONE, 3);
            batch.putInt(8, 10);
            return batch;
        }
    },
    /** Two valid batches for one partition. */
    TWO_BATCHES(Errors.INVALID_RECORD) {
        @Override
        ByteBuffer records() {
            ByteBuffer first = valid(Compression.NONE, 2);
            ByteBuffer second = valid(Compression.NONE, 2);
            return ByteBuffer.allocate(first.remaining() + second.remaining()).put(first).put(second).flip();
        }
    },
    /** A magic v1 (message format 1) message set. */
    MAGIC_V1(Errors.INVALID_RECORD) {
        @Override
        ByteBuffer records() {
            return MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE, records(2)).buffer();
        }
    },
    /** An uncompressed batch of about 2 KiB to a topic whose max.message.bytes is 1024. */
    TOO_LARGE(Errors.MESSAGE_TOO_LARGE) {
        @Override
        ByteBuffer records() {
            byte[] value = new byte[2048];
            return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(0L, null, value)).buffer();
        }
    },
    /**
     * A control batch (a COMMIT marker), which only the broker itself may write, with the
     * transactional bit cleared. (Left set, as in a real marker, Kafka 4.3.1 refuses the whole
     * request earlier, with TRANSACTIONAL_ID_AUTHORIZATION_FAILED for every partition, because
     * the request carries transactional records but no transactional id.)
     */
    CONTROL_BATCH(Errors.INVALID_RECORD) {
        @Override
        ByteBuffer records() {
            ByteBuffer batch = MemoryRecords.withEndTransactionMarker(4242L, (short) 0,
                    new EndTransactionMarker(ControlRecordType.COMMIT, 0)).buffer();
            batch.putShort(ATTRIBUTES_AT, (short) (batch.getShort(ATTRIBUTES_AT) & ~TRANSACTIONAL_FLAG));
            return withFreshCrc(batch);
        }
    },
    /** A zstd batch in a Produce v6 request; zstd needs v7 or later. */
    ZSTD_IN_PRODUCE_V6(Errors.UNSUPPORTED_COMPRESSION_TYPE) {
        @Override
        ByteBuffer records() {
            return valid(Compression.zstd().build(), 3);
        }

        @Override
        short produceVersion() {
            return 6;
        }
    },
    /**
     * An lz4 batch whose compressed bytes are garbage (CRC recomputed, so only decompression
     * fails). Kafka 4.3.1 answers UNKNOWN_SERVER_ERROR (for gzip, snappy and zstd as well): its
     * decompression failure is not mapped to an error code. Samsa says CORRUPT_MESSAGE.
     */
    GARBLED_COMPRESSED_PAYLOAD(Errors.CORRUPT_MESSAGE, Errors.UNKNOWN_SERVER_ERROR) {
        @Override
        ByteBuffer records() {
            ByteBuffer batch = valid(Compression.lz4().build(), 20);
            for (int i = RECORDS_AT + 8; i < batch.limit(); i++) {
                batch.put(i, (byte) (i * 31));
            }
            return withFreshCrc(batch);
        }
    },
    /** No bytes at all for the partition. */
    EMPTY(Errors.INVALID_RECORD) {
        @Override
        ByteBuffer records() {
            return ByteBuffer.allocate(0);
        }
    };

    static final int LAST_OFFSET_DELTA_AT = 23;
    static final int RECORDS_COUNT_AT = 57;
    static final int RECORDS_AT = 61;
    private static final int CRC_AT = 17;
    private static final int ATTRIBUTES_AT = 21;
    private static final short TRANSACTIONAL_FLAG = 0x10;

    private final Errors expected;
    private final Errors kafka;

    BadBatch(Errors expected) {
        this(expected, expected);
    }

    BadBatch(Errors expected, Errors kafka) {
        this.expected = expected;
        this.kafka = kafka;
    }

    /** The partition error Samsa answers with: Kafka 4.3.1's, except where the constant's doc says why not. */
    Errors expected() {
        return expected;
    }

    /** The partition error an Apache Kafka 4.3.1 broker answers with for the same bytes. */
    Errors kafka() {
        return kafka;
    }

    /** The bytes sent as the partition's records. */
    abstract ByteBuffer records();

    /** The Produce version the request uses. */
    short produceVersion() {
        return LATEST_PRODUCE_VERSION;
    }

    static final short LATEST_PRODUCE_VERSION = 13;

    /** A valid magic v2 batch of {@code count} records "good-0".. with keys. */
    static ByteBuffer valid(Compression compression, int count) {
        return MemoryRecords.withRecords(compression, records(count)).buffer();
    }

    static SimpleRecord[] records(int count) {
        return records("record", count);
    }

    static SimpleRecord[] records(String prefix, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1_700_000_000_000L + i, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    /** Recomputes a v2 batch's CRC32C (it covers everything from the attributes on). */
    static ByteBuffer withFreshCrc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(ATTRIBUTES_AT));
        batch.putInt(CRC_AT, (int) crc.getValue());
        return batch;
    }
}
