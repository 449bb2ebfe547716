package io.samsa.core.network.codec;

import io.netty.channel.DefaultFileRegion;
import io.samsa.api.storage.LogSlice;

/**
 * A log slice sent with sendfile (or {@code FileChannel.transferTo}). The file channel belongs to
 * the storage engine: deallocation closes the slice, which gives the engine its reference back,
 * instead of closing the channel as a plain {@link DefaultFileRegion} would.
 */
final class SliceFileRegion extends DefaultFileRegion {
    private final LogSlice.FileRegion slice;

    SliceFileRegion(LogSlice.FileRegion slice) {
        super(slice.channel(), slice.position(), slice.sizeInBytes());
        this.slice = slice;
    }

    @Override
    protected void deallocate() {
        slice.close();
    }
}
