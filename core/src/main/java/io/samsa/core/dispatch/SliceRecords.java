package io.samsa.core.dispatch;

import static java.util.Objects.requireNonNull;

import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.StorageException;
import io.samsa.protocol.Records;
import io.samsa.protocol.Writable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The records of a response, still where the storage engine keeps them: a {@link LogSlice} the
 * response owns. The network layer {@linkplain #claim() claims} the slice and sends it without
 * copying (a file region or the engine's buffers), closing it once the bytes are on their way;
 * a response that is never sent must be {@linkplain #close() closed} instead. Exactly one of the
 * two closes the slice, whatever the order and thread of the calls.
 */
public final class SliceRecords implements Records, AutoCloseable {
    private static final int OPEN = 0;
    private static final int CLAIMED = 1;
    private static final int CLOSED = 2;
    private static final int COPY_CHUNK = 64 * 1024;

    private final LogSlice slice;
    private final int size;
    private final AtomicInteger state = new AtomicInteger(OPEN);

    public SliceRecords(LogSlice slice) {
        this.slice = requireNonNull(slice, "slice is null");
        this.size = slice.sizeInBytes();
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    /**
     * Takes the slice over: from now on the caller must close it (once sent, or once sending failed),
     * and {@link #close()} leaves it alone.
     *
     * @throws IllegalStateException if the slice was already claimed or closed
     */
    public LogSlice claim() {
        int was = state.compareAndExchange(OPEN, CLAIMED);
        if (was != OPEN) {
            throw new IllegalStateException("slice already " + describe(was));
        }
        return slice;
    }

    /** Closes the slice unless it was claimed or closed already. */
    @Override
    public void close() {
        if (state.compareAndSet(OPEN, CLOSED)) {
            slice.close();
        }
    }

    /** Whether the slice is still owned here (neither claimed nor closed). */
    public boolean isOpen() {
        return state.get() == OPEN;
    }

    /**
     * The copying path, for writers that cannot send a slice as it is (tests, sizing): writes the
     * bytes in chunks. The slice stays open.
     */
    @Override
    public void writeTo(Writable writable) {
        if (state.get() != OPEN) {
            throw new IllegalStateException("cannot write records whose slice was " + describe(state.get()));
        }
        switch (slice) {
            case LogSlice.Buffers buffers -> buffers.buffers().forEach(writable::writeByteBuffer);
            case LogSlice.FileRegion region -> copy(region, writable);
        }
    }

    private static void copy(LogSlice.FileRegion region, Writable writable) {
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(COPY_CHUNK, region.sizeInBytes()));
        long position = region.position();
        long end = region.position() + region.sizeInBytes();
        try {
            while (position < end) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
                while (chunk.hasRemaining()) {
                    int read = region.channel().read(chunk, position + chunk.position());
                    if (read < 0) {
                        throw new StorageException("log file ended " + (end - position - chunk.position()) + " bytes early");
                    }
                }
                writable.writeByteBuffer(chunk.flip());
                position += chunk.remaining();
            }
        } catch (IOException e) {
            throw new StorageException("cannot read log file: " + e.getMessage(), e);
        }
    }

    private static String describe(int state) {
        return switch (state) {
            case OPEN -> "open";
            case CLAIMED -> "claimed";
            default -> "closed";
        };
    }

    @Override
    public String toString() {
        return "SliceRecords(" + size + " bytes, " + describe(state.get()) + ")";
    }
}
