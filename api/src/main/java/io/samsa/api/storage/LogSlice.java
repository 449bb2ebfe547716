package io.samsa.api.storage;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Objects;

/**
 * Bytes read from a log: whole batches, ready to be sent as they are. The broker owns the slice
 * until it calls {@link #close()}, and the engine must keep the bytes valid until then (e.g. not
 * close or reuse a file the slice points into), even if the log is truncated, retention deletes
 * the segment or the log is closed meanwhile. {@code close()} is called exactly once.
 */
public sealed interface LogSlice extends AutoCloseable {
    /** Total bytes in the slice; 0 for an empty read. */
    int sizeInBytes();

    /** The offset after the last batch in the slice (the next offset to read from). */
    long nextOffset();

    @Override
    void close();

    /** A range of a file, sent with zero copy. */
    record FileRegion(FileChannel channel, long position, int sizeInBytes, long nextOffset, Runnable release)
            implements LogSlice {
        public FileRegion {
            Objects.requireNonNull(channel, "channel is null");
            Objects.requireNonNull(release, "release is null");
        }

        @Override
        public void close() {
            release.run();
        }
    }

    /** Bytes in memory; the buffers are read-only views the broker must not modify. */
    record Buffers(List<ByteBuffer> buffers, long nextOffset, Runnable release) implements LogSlice {
        public Buffers {
            buffers = List.copyOf(buffers);
            Objects.requireNonNull(release, "release is null");
        }

        @Override
        public int sizeInBytes() {
            return buffers.stream().mapToInt(ByteBuffer::remaining).sum();
        }

        @Override
        public void close() {
            release.run();
        }
    }
}
