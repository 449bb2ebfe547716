package io.samsa.storage.file;

import io.samsa.api.storage.BatchFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the batch headers of a file from a position up to a limit, without checking checksums.
 * It reads ahead in chunks so that small batches don't cost one read each, and reads only a
 * header's worth after a large batch so that big batches aren't copied into memory.
 *
 * <p>Stops (returns null) at the limit or where the bytes are no whole batch; {@link #position()}
 * then tells where. Not thread-safe; positional reads let many cursors share a channel.
 */
final class BatchCursor {
    private static final int CHUNK_BYTES = 8 * 1024;

    private final FileChannel channel;
    private final BatchFormat format;
    private final int limit;
    private final ByteBuffer chunk;
    private long chunkStart = -1;
    private int position;
    private boolean lastWasLarge;

    BatchCursor(FileChannel channel, BatchFormat format, int position, int limit) {
        this.channel = channel;
        this.format = format;
        this.position = position;
        this.limit = limit;
        this.chunk = ByteBuffer.allocate(Math.max(CHUNK_BYTES, format.headerSize()));
    }

    /** Where the next batch would start. */
    int position() {
        return position;
    }

    BatchHeader next() throws IOException {
        int headerSize = format.headerSize();
        if ((long) position + headerSize > limit) {
            return null;
        }
        ByteBuffer header = headerAt(position, headerSize);
        if (header == null) {
            return null;
        }
        int size = format.batchSize(header);
        if (size < headerSize || (long) position + size > limit) {
            return null;
        }
        long baseOffset = format.baseOffset(header);
        long lastOffset = format.lastOffset(header);
        if (lastOffset < baseOffset) {
            return null;
        }
        BatchHeader batch = new BatchHeader(position, size, baseOffset, lastOffset, format.maxTimestamp(header));
        position += size;
        lastWasLarge = size > chunk.capacity();
        return batch;
    }

    private ByteBuffer headerAt(int at, int headerSize) throws IOException {
        if (chunkStart < 0 || at < chunkStart || at + headerSize > chunkStart + chunk.limit()) {
            int length = (int) Math.min(lastWasLarge ? headerSize : chunk.capacity(), (long) limit - at);
            chunk.clear().limit(length);
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, at + chunk.position()) < 0) {
                    return null;
                }
            }
            chunk.flip();
            chunkStart = at;
        }
        return chunk.position((int) (at - chunkStart));
    }
}
