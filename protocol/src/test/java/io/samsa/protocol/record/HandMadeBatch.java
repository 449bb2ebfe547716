package io.samsa.protocol.record;

import io.samsa.protocol.Varints;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/** Batches with arbitrary (usually broken) content and a correct CRC, for corruption tests. */
final class HandMadeBatch {
    private HandMadeBatch() {}

    /** A batch around {@code section} (compressed with {@code compression} first), with a valid CRC. */
    static ByteBuffer withSection(byte[] section, int recordCount, int lastOffsetDelta, Compression compression) {
        ByteBuffer payload = compression == Compression.NONE ? ByteBuffer.wrap(section) : compression.compress(ByteBuffer.wrap(section));
        ByteBuffer batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + payload.remaining());
        batch.putLong(0L).putInt(batch.capacity() - RecordBatch.LOG_OVERHEAD).putInt(-1).put(RecordBatch.MAGIC)
            .putInt(0).putShort((short) compression.id()).putInt(lastOffsetDelta)
            .putLong(1000L).putLong(1000L).putLong(-1L).putShort((short) -1).putInt(-1).putInt(recordCount)
            .put(payload).flip();
        return recrc(batch);
    }

    /** Bytes written by {@code writer}, e.g. with {@link Varints}. */
    static byte[] bytes(Consumer<ByteBuffer> writer) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        writer.accept(buffer);
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A well-formed record body with the given offset delta: no key, a one-byte value, no headers. */
    static void simpleRecord(ByteBuffer out, int offsetDelta) {
        Varints.writeVarint(6 + Varints.sizeOfVarint(offsetDelta), out);
        out.put((byte) 0);
        Varints.writeVarlong(0, out);
        Varints.writeVarint(offsetDelta, out);
        Varints.writeVarint(-1, out);
        Varints.writeVarint(1, out);
        out.put((byte) 'v');
        Varints.writeVarint(0, out);
    }

    static ByteBuffer recrc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.slice(RecordBatch.ATTRIBUTES_OFFSET, batch.limit() - RecordBatch.ATTRIBUTES_OFFSET));
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
        return batch;
    }
}
