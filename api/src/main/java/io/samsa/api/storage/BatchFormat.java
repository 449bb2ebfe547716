package io.samsa.api.storage;

import java.nio.ByteBuffer;

/**
 * What an engine may know about the bytes it stores, supplied by the broker so that engines
 * stay free of the Kafka protocol: where one batch ends, its offsets and timestamp, and whether
 * it is intact. Engines need this to index a log and, after a crash, to find where the last
 * intact batch ends.
 *
 * <p>Every method reads from {@code buffer}'s position without moving it.
 */
public interface BatchFormat {
    /** Bytes of the fixed batch header that {@link #batchSize} needs. */
    int headerSize();

    /**
     * The total size of the batch starting at the buffer's position, read from its header, or -1
     * if the header is not that of a batch (garbage, a torn write). Needs {@link #headerSize()} bytes.
     */
    int batchSize(ByteBuffer buffer);

    long baseOffset(ByteBuffer buffer);

    long lastOffset(ByteBuffer buffer);

    long maxTimestamp(ByteBuffer buffer);

    /** True if the whole batch at the buffer's position is intact (its checksum matches). */
    boolean isIntact(ByteBuffer buffer);
}
