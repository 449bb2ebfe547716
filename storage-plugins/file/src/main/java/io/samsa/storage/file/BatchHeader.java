package io.samsa.storage.file;

import io.samsa.api.storage.BatchFormat;
import io.samsa.api.storage.TopicPartitionId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Where one batch lies in a file or buffer and what its header says. */
record BatchHeader(int position, int size, long baseOffset, long lastOffset, long maxTimestamp) {
    int end() {
        return position + size;
    }

    long nextOffset() {
        return lastOffset + 1;
    }

    /**
     * Where each batch of an append to {@code log} lies in {@code batches} (positions relative to
     * its position); refuses anything that is not whole batches at offsets {@code baseOffset}
     * through {@code lastOffset}, in order.
     */
    static List<BatchHeader> inAppend(BatchFormat format, TopicPartitionId log, ByteBuffer batches, long baseOffset,
            long lastOffset) {
        List<BatchHeader> headers = new ArrayList<>();
        ByteBuffer view = batches.duplicate();
        int start = view.position();
        long expected = baseOffset;
        while (view.hasRemaining()) {
            int size = view.remaining() >= format.headerSize() ? format.batchSize(view) : -1;
            if (size < format.headerSize() || size > view.remaining()) {
                throw new IllegalArgumentException("append to " + log + " holds no whole batch at byte "
                        + (view.position() - start));
            }
            long base = format.baseOffset(view);
            long last = format.lastOffset(view);
            if (base != expected || last < base) {
                throw new IllegalArgumentException("append to " + log + " has a batch at offsets " + base + ".." + last
                        + " where " + expected + " was expected");
            }
            headers.add(new BatchHeader(view.position() - start, size, base, last, format.maxTimestamp(view)));
            view.position(view.position() + size);
            expected = last + 1;
        }
        if (expected != lastOffset + 1) {
            throw new IllegalArgumentException("append to " + log + " ends at offset " + (expected - 1) + ", not "
                    + lastOffset);
        }
        return headers;
    }
}
