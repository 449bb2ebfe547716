package io.samsa.testkit.storage;

import io.samsa.protocol.record.RecordBatchBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One magic v2 batch built the way the broker stores it (offsets assigned), plus what a test
 * needs to know about it. Each batch's bytes depend on its offsets and timestamp, so a test
 * comparing bytes notices a batch read from the wrong place.
 */
public final class TestBatch {
    private final long baseOffset;
    private final long lastOffset;
    private final long maxTimestamp;
    private final byte[] bytes;

    private TestBatch(long baseOffset, long lastOffset, long maxTimestamp, byte[] bytes) {
        this.baseOffset = baseOffset;
        this.lastOffset = lastOffset;
        this.maxTimestamp = maxTimestamp;
        this.bytes = bytes;
    }

    /** {@code records} records from {@code baseOffset}, all at {@code timestamp}, each with a value of {@code valueBytes}. */
    public static TestBatch of(long baseOffset, int records, long timestamp, int valueBytes) {
        if (records < 1) {
            throw new IllegalArgumentException("a test batch has at least one record");
        }
        RecordBatchBuilder builder = new RecordBatchBuilder().baseOffset(baseOffset);
        for (int i = 0; i < records; i++) {
            long offset = baseOffset + i;
            builder.append(timestamp, ("key-" + offset).getBytes(StandardCharsets.UTF_8), value(offset, timestamp, valueBytes));
        }
        ByteBuffer built = builder.build();
        byte[] bytes = new byte[built.remaining()];
        built.get(bytes);
        return new TestBatch(baseOffset, baseOffset + records - 1, timestamp, bytes);
    }

    private static byte[] value(long offset, long timestamp, int size) {
        byte[] value = new byte[size];
        long seed = offset * 31 + timestamp;
        for (int i = 0; i < size; i++) {
            value[i] = (byte) (seed + i * 7);
        }
        return value;
    }

    /** The bytes of several batches one after another, as one append or one read holds them. */
    public static byte[] concat(List<TestBatch> batches) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        batches.forEach(batch -> out.writeBytes(batch.bytes));
        return out.toByteArray();
    }

    public long baseOffset() {
        return baseOffset;
    }

    public long lastOffset() {
        return lastOffset;
    }

    public long nextOffset() {
        return lastOffset + 1;
    }

    public long maxTimestamp() {
        return maxTimestamp;
    }

    public int sizeInBytes() {
        return bytes.length;
    }

    /** A copy of the batch bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** A fresh buffer over a copy of the bytes, for handing to an engine. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes());
    }

    @Override
    public String toString() {
        return "TestBatch[" + baseOffset + ".." + lastOffset + ", ts " + maxTimestamp + ", " + bytes.length + " bytes]";
    }
}
