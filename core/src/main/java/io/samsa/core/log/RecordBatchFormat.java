package io.samsa.core.log;

import io.samsa.api.storage.BatchFormat;
import io.samsa.protocol.record.CorruptRecordException;
import io.samsa.protocol.record.RecordBatch;
import java.nio.ByteBuffer;

/** Kafka's magic v2 record batch, as storage engines are allowed to see it. */
public final class RecordBatchFormat implements BatchFormat {
    private static final int BATCH_LENGTH_AT = 8;
    private static final int MAGIC_AT = 16;
    private static final int LAST_OFFSET_DELTA_AT = 23;
    private static final int MAX_TIMESTAMP_AT = 35;

    @Override
    public int headerSize() {
        return RecordBatch.HEADER_SIZE;
    }

    @Override
    public int batchSize(ByteBuffer buffer) {
        int at = buffer.position();
        if (buffer.remaining() < RecordBatch.HEADER_SIZE_UP_TO_MAGIC || buffer.get(at + MAGIC_AT) != RecordBatch.MAGIC) {
            return -1;
        }
        int batchLength = buffer.getInt(at + BATCH_LENGTH_AT);
        if (batchLength < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD
                || batchLength > Integer.MAX_VALUE - RecordBatch.LOG_OVERHEAD) {
            return -1;
        }
        return RecordBatch.LOG_OVERHEAD + batchLength;
    }

    @Override
    public long baseOffset(ByteBuffer buffer) {
        return buffer.getLong(buffer.position());
    }

    @Override
    public long lastOffset(ByteBuffer buffer) {
        return baseOffset(buffer) + buffer.getInt(buffer.position() + LAST_OFFSET_DELTA_AT);
    }

    @Override
    public long maxTimestamp(ByteBuffer buffer) {
        return buffer.getLong(buffer.position() + MAX_TIMESTAMP_AT);
    }

    @Override
    public boolean isIntact(ByteBuffer buffer) {
        int size = batchSize(buffer);
        if (size < 0 || buffer.remaining() < size) {
            return false;
        }
        try {
            return RecordBatch.wrap(buffer.slice(buffer.position(), size)).isValid();
        } catch (CorruptRecordException e) {
            return false;
        }
    }
}
