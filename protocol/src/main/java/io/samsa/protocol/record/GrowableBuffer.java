package io.samsa.protocol.record;

import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A byte array that grows as it is written, never beyond a hard limit. Decompression writes into
 * one so that memory follows the bytes actually produced, not a size some header claims.
 * Not thread-safe.
 */
final class GrowableBuffer extends OutputStream {
    // Arrays a little below Integer.MAX_VALUE are the largest every JVM will allocate.
    static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 16;

    // A decompressor that keeps answering 0 bytes without reaching the end would loop forever.
    private static final int MAX_ZERO_READS = 64;

    private final int limit;
    private byte[] bytes;
    private int size;

    /**
     * @param initialCapacity a guess; clamped to the limit
     * @param limit the most bytes this buffer will ever hold; writing more throws
     *     {@link Reason#SIZE_LIMIT_EXCEEDED}
     */
    GrowableBuffer(int initialCapacity, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        this.limit = Math.min(limit, MAX_ARRAY_SIZE);
        this.bytes = new byte[Math.max(0, Math.min(initialCapacity, this.limit))];
    }

    int size() {
        return size;
    }

    /** The backing array; bytes [0, size) are valid. Only for handing to array-based codecs. */
    byte[] array() {
        return bytes;
    }

    /** Ensures room for {@code count} more bytes, or fails if that would pass the limit. */
    void ensureRemaining(int count) {
        if (count < 0 || count > limit - size) {
            throw new CorruptRecordException(Reason.SIZE_LIMIT_EXCEEDED,
                "uncompressed records exceed the limit of " + limit + " bytes");
        }
        int needed = size + count;
        if (needed > bytes.length) {
            long doubled = Math.max(64L, 2L * bytes.length);
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(doubled, needed)));
        }
    }

    /** Marks {@code count} bytes, already placed in {@link #array()} after {@link #size()}, as written. */
    void advance(int count) {
        if (count < 0 || count > bytes.length - size) {
            throw new IllegalArgumentException("cannot advance by " + count);
        }
        size += count;
    }

    /**
     * A writable view of the next {@code count} bytes, which count as written once this returns.
     * The view is only valid until the next write (growing replaces the array).
     */
    ByteBuffer reserve(int count) {
        ensureRemaining(count);
        ByteBuffer view = ByteBuffer.wrap(bytes, size, count).slice();
        size += count;
        return view;
    }

    @Override
    public void write(int b) {
        ensureRemaining(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensureRemaining(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    void write(ByteBuffer source) {
        int length = source.remaining();
        ensureRemaining(length);
        source.duplicate().get(bytes, size, length);
        size += length;
    }

    /**
     * Appends everything {@code in} yields until its end. Fails with
     * {@link Reason#SIZE_LIMIT_EXCEEDED} as soon as the stream holds more than the limit allows.
     */
    void readFrom(InputStream in) throws IOException {
        int zeroReads = 0;
        while (true) {
            if (size == bytes.length) {
                if (size == limit) {
                    if (in.read() != -1) {
                        ensureRemaining(1); // throws: there is more than the limit allows
                    }
                    return;
                }
                ensureRemaining(1);
            }
            int read = in.read(bytes, size, bytes.length - size);
            if (read < 0) {
                return;
            }
            if (read == 0 && ++zeroReads > MAX_ZERO_READS) {
                throw new CorruptRecordException(Reason.INVALID_COMPRESSED_DATA,
                    "decompressor stopped making progress");
            }
            size += read;
        }
    }

    /** The written bytes as a buffer the caller owns (it shares this object's array; drop this object). */
    ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }
}
