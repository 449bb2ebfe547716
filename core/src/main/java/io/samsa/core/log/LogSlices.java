package io.samsa.core.log;

import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Turns what an engine returned into bytes in memory, for the broker's own reads of its internal logs. */
public final class LogSlices {
    private LogSlices() {}

    /** Copies the slice's bytes into a new heap buffer; does not close the slice. */
    public static ByteBuffer copy(LogSlice slice) {
        ByteBuffer target = ByteBuffer.allocate(slice.sizeInBytes());
        switch (slice) {
            case LogSlice.Buffers buffers -> buffers.buffers().forEach(buffer -> target.put(buffer.duplicate()));
            case LogSlice.FileRegion region -> {
                long position = region.position();
                try {
                    while (target.hasRemaining()) {
                        int read = region.channel().read(target, position);
                        if (read < 0) {
                            throw new StorageException("log file ended " + target.remaining() + " bytes early");
                        }
                        position += read;
                    }
                } catch (IOException e) {
                    throw new StorageException("cannot read log file: " + e.getMessage(), e);
                }
            }
        }
        return target.flip();
    }
}
