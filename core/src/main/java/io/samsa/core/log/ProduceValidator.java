package io.samsa.core.log;

import io.samsa.core.config.TopicConfig;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ByteBufferRecords;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.Records;
import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.CorruptRecordException;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchIterator;
import java.nio.ByteBuffer;

/**
 * Checks what a producer sends for one partition before anything is stored, with the error
 * codes Kafka 4 uses: exactly one complete v2 batch (INVALID_RECORD otherwise), intact
 * (CORRUPT_MESSAGE), within {@code max.message.bytes} (MESSAGE_TOO_LARGE), consistent offsets,
 * count and record structure, no control batches from clients, a sequence number with every
 * producer id, keys on compacted topics (INVALID_RECORD).
 */
public final class ProduceValidator {
    /** Decompression bound: a batch that inflates beyond this is refused rather than exhausting memory. */
    private static final int MIN_DECOMPRESSION_LIMIT = 64 * 1024 * 1024;

    /** As {@link #validate(ByteBuffer, TopicConfig, short, long)}, for the records of a parsed Produce request (a view, not a copy). */
    public RecordBatch validate(Records records, TopicConfig config, short produceVersion, long nowMs) {
        return validate(records == null ? null : ByteBufferRecords.of(records).buffer(), config, produceVersion, nowMs);
    }

    /** @param nowMs the broker's time, against which CreateTime timestamps are bounded */
    public RecordBatch validate(ByteBuffer records, TopicConfig config, short produceVersion, long nowMs) {
        if (records == null || !records.hasRemaining()) {
            throw new ApiErrorException(ErrorCode.INVALID_RECORD, "Produce requests with version " + produceVersion
                    + " must have at least one record batch per partition");
        }
        RecordBatchIterator batches = new RecordBatchIterator(records);
        RecordBatch batch;
        try {
            if (!batches.hasNext()) {
                // Kafka finds no batch in bytes that end before the batch their header announces.
                throw new ApiErrorException(ErrorCode.INVALID_RECORD, "Produce requests with version " + produceVersion
                        + " must have at least one record batch per partition");
            }
            batch = batches.next();
        } catch (CorruptRecordException e) {
            if (e.reason() == CorruptRecordException.Reason.INVALID_MAGIC) {
                throw new ApiErrorException(ErrorCode.INVALID_RECORD, "Produce requests with version " + produceVersion
                        + " are only allowed to contain record batches with magic version 2");
            }
            throw e;
        }
        if (batches.hasNext() || batches.hasPartialBatch()) {
            throw new ApiErrorException(ErrorCode.INVALID_RECORD, "Produce requests with version " + produceVersion
                    + " are only allowed to contain exactly one record batch per partition");
        }
        if (batch.sizeInBytes() > config.maxMessageBytes()) {
            throw new ApiErrorException(ErrorCode.MESSAGE_TOO_LARGE, "The record batch size " + batch.sizeInBytes()
                    + " bytes exceeds the maximum allowed batch size " + config.maxMessageBytes());
        }
        batch.ensureValid();
        if (batch.isControl()) {
            throw new ApiErrorException(ErrorCode.INVALID_RECORD, "Clients are not allowed to write control records");
        }
        if (batch.hasProducerId() && batch.baseSequence() < 0) {
            throw new ApiErrorException(ErrorCode.INVALID_RECORD, "Invalid sequence number " + batch.baseSequence()
                    + " in record batch with producerId " + batch.producerId());
        }
        if (produceVersion < 7 && batch.compression() == Compression.ZSTD) {
            throw new ApiErrorException(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
                    "Produce requests with version " + produceVersion + " cannot use ZStandard compression");
        }
        checkRecords(batch, config, nowMs);
        return batch;
    }

    /**
     * Whether a partition's records start with a transactional batch (Kafka's test for a
     * transactional Produce request); false for records too short or malformed to tell, which
     * {@link #validate} refuses later.
     */
    public static boolean isTransactional(Records records) {
        if (records == null || records.sizeInBytes() < RecordBatch.HEADER_SIZE) {
            return false;
        }
        try {
            return RecordBatch.wrap(ByteBufferRecords.of(records).buffer()).isTransactional();
        } catch (CorruptRecordException e) {
            return false;
        }
    }

    private static void checkRecords(RecordBatch batch, TopicConfig config, long nowMs) {
        boolean createTime = !config.messageTimestampType().equals("LogAppendTime");
        long earliest = saturatedSubtract(nowMs, config.messageTimestampBeforeMaxMs());
        long latest = saturatedAdd(nowMs, config.messageTimestampAfterMaxMs());
        int limit = Math.max(MIN_DECOMPRESSION_LIMIT, config.maxMessageBytes());
        RecordChecks checks = new RecordChecks(createTime, earliest, latest, config.compacted());
        try {
            // The CRC was checked by the caller; one pass checks structure and feeds the checks below.
            batch.validateRecords(limit, checks);
        } catch (CorruptRecordException e) {
            // Kafka's record reader reports a bad count or record structure as INVALID_RECORD, not CORRUPT_MESSAGE.
            switch (e.reason()) {
                case INVALID_HEADER, RECORD_COUNT_MISMATCH, INVALID_RECORD ->
                        throw new ApiErrorException(ErrorCode.INVALID_RECORD, e.getMessage());
                default -> throw e;
            }
        }
        if (checks.violation != null) {
            throw checks.violation;
        }
        int count = checks.count;
        if (count != batch.recordCount() || batch.lastOffsetDelta() != count - 1) {
            throw new ApiErrorException(ErrorCode.INVALID_RECORD, "Record batch claims " + batch.recordCount()
                    + " records ending at offset delta " + batch.lastOffsetDelta() + " but holds " + count);
        }
    }

    /**
     * The per-record rules of a produced batch. A broken record structure anywhere in the batch is
     * reported before these, so the first violation is kept, not thrown, until the pass is over.
     */
    private static final class RecordChecks implements RecordBatch.RecordVisitor {
        private final boolean createTime;
        private final long earliest;
        private final long latest;
        private final boolean compacted;
        private int count;
        private ApiErrorException violation;

        RecordChecks(boolean createTime, long earliest, long latest, boolean compacted) {
            this.createTime = createTime;
            this.earliest = earliest;
            this.latest = latest;
            this.compacted = compacted;
        }

        @Override
        public void record(int offsetDelta, long timestamp, boolean hasKey) {
            int expected = count++;
            if (violation != null) {
                return;
            }
            if (offsetDelta != expected) {
                violation = new ApiErrorException(ErrorCode.INVALID_RECORD, "Inner record offset delta " + offsetDelta
                        + " does not follow the expected " + expected);
            } else if (createTime && (timestamp < earliest || timestamp > latest)) {
                violation = new ApiErrorException(ErrorCode.INVALID_TIMESTAMP, "Timestamp " + timestamp
                        + " of message with offset " + offsetDelta + " is out of range. The timestamp should be within ["
                        + earliest + ", " + latest + "]");
            } else if (compacted && !hasKey) {
                violation = new ApiErrorException(ErrorCode.INVALID_RECORD,
                        "Compacted topic cannot accept message without key in topic partition");
            }
        }
    }

    private static long saturatedSubtract(long a, long b) {
        long result = a - b;
        return ((a ^ b) & (a ^ result)) < 0 ? Long.MIN_VALUE : result;
    }

    private static long saturatedAdd(long a, long b) {
        long result = a + b;
        return ((a ^ result) & (b ^ result)) < 0 ? Long.MAX_VALUE : result;
    }
}
