package io.samsa.core.dispatch;

import com.google.inject.Inject;
import io.samsa.api.storage.LogSlice;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the log slices responses hold: opened when a handler puts a slice into a response,
 * closed when the slice is given back to the storage engine (sent, or dropped). Zero on an idle
 * broker; anything else is a slice leaked, i.e. a file kept open.
 */
public final class OpenSlices {
    private final LongAdder open = new LongAdder();
    private final LongAdder total = new LongAdder();

    @Inject
    public OpenSlices() {}

    /** Records owning {@code slice}, counted until the slice is closed (by whoever closes it). */
    public SliceRecords track(LogSlice slice) {
        open.increment();
        total.increment();
        Runnable counted = () -> {
            try {
                slice.close();
            } finally {
                open.decrement();
            }
        };
        LogSlice tracked = switch (slice) {
            case LogSlice.FileRegion region -> new LogSlice.FileRegion(
                    region.channel(), region.position(), region.sizeInBytes(), region.nextOffset(), counted);
            case LogSlice.Buffers buffers -> new LogSlice.Buffers(buffers.buffers(), buffers.nextOffset(), counted);
        };
        return new SliceRecords(tracked);
    }

    /** Slices handed out and not closed yet. */
    public long count() {
        return open.sum();
    }

    /** Slices handed out since the start. */
    public long total() {
        return total.sum();
    }
}
