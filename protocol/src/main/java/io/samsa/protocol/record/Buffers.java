package io.samsa.protocol.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Small ByteBuffer helpers shared by the codecs. */
final class Buffers {
    private static final int CHUNK_SIZE = 8 * 1024;

    private Buffers() {}

    /** Writes {@code source}'s remaining bytes to {@code out} without moving its position. */
    static void writeTo(ByteBuffer source, OutputStream out) throws IOException {
        if (source.hasArray()) {
            out.write(source.array(), source.arrayOffset() + source.position(), source.remaining());
            return;
        }
        ByteBuffer view = source.duplicate();
        byte[] chunk = new byte[Math.min(CHUNK_SIZE, view.remaining())];
        while (view.hasRemaining()) {
            int count = Math.min(chunk.length, view.remaining());
            view.get(chunk, 0, count);
            out.write(chunk, 0, count);
        }
    }

    /**
     * {@code source}'s remaining bytes as an array slice: the backing array itself when there is
     * one (no copy), otherwise a copy.
     */
    static ArraySlice arraySlice(ByteBuffer source) {
        if (source.hasArray()) {
            return new ArraySlice(source.array(), source.arrayOffset() + source.position(), source.remaining());
        }
        byte[] copy = new byte[source.remaining()];
        source.duplicate().get(copy);
        return new ArraySlice(copy, 0, copy.length);
    }

    record ArraySlice(byte[] array, int offset, int length) {}
}
