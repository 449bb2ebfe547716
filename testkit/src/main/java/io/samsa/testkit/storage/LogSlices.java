package io.samsa.testkit.storage;

import io.samsa.api.storage.LogSlice;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** Reads what a {@link LogSlice} holds, whatever its kind, without closing it. */
public final class LogSlices {
    private LogSlices() {}

    public static byte[] bytes(LogSlice slice) {
        return switch (slice) {
            case LogSlice.FileRegion region -> read(region);
            case LogSlice.Buffers buffers -> {
                ByteBuffer all = ByteBuffer.allocate(buffers.sizeInBytes());
                buffers.buffers().forEach(buffer -> all.put(buffer.duplicate()));
                yield all.array();
            }
        };
    }

    private static byte[] read(LogSlice.FileRegion region) {
        ByteBuffer target = ByteBuffer.allocate(region.sizeInBytes());
        try {
            while (target.hasRemaining()) {
                int read = region.channel().read(target, region.position() + target.position());
                if (read < 0) {
                    throw new EOFException("file region " + region + " reaches past the end of its file");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target.array();
    }
}
