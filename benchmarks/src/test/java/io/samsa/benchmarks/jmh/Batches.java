package io.samsa.benchmarks.jmh;

import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/** The batches the microbenchmarks work on: what ProducerPerformance sends (1 KiB values of random letters, no key). */
final class Batches {
    static final int RECORD_BYTES = 1024;
    /** The producer's default batch.size. */
    static final int BATCH_BYTES = 16 * 1024;

    private Batches() {}

    /** One idempotent-producer batch of 1 KiB records filling about {@link #BATCH_BYTES}, in a direct buffer as Netty hands it over. */
    static ByteBuffer batch(Compression compression) {
        return batch(compression, true);
    }

    /** As {@link #batch(Compression)}; without a producer id when {@code idempotent} is false (appending it again is no duplicate). */
    static ByteBuffer batch(Compression compression, boolean idempotent) {
        Random random = new Random(42);
        RecordBatchBuilder builder = new RecordBatchBuilder().compression(compression);
        if (idempotent) {
            builder.producer(1000L, (short) 0, 0);
        }
        long now = System.currentTimeMillis();
        for (int i = 0; i < BATCH_BYTES / (RECORD_BYTES + 16); i++) {
            byte[] value = new byte[RECORD_BYTES];
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) ('A' + random.nextInt(26));
            }
            builder.append(now, null, ByteBuffer.wrap(value), List.of());
        }
        ByteBuffer built = builder.build();
        ByteBuffer direct = ByteBuffer.allocateDirect(built.remaining());
        direct.put(built).flip();
        return direct;
    }
}
