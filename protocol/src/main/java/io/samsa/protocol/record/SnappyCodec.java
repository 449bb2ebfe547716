package io.samsa.protocol.record;

import io.samsa.protocol.record.Buffers.ArraySlice;
import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Snappy in xerial's stream framing, which is what kafka-clients writes (SnappyOutputStream):
 * a 16-byte header ({@code 0x82 "SNAPPY" 0x00}, int version, int compatible version), then
 * chunks of [int32 big-endian compressed length][raw snappy block], each block holding at most
 * 32 KiB of input.
 *
 * <p>Reading follows SnappyInputStream's rules so that whatever Kafka accepts is accepted here:
 * input without the header is one raw snappy block (some non-Java clients write that), a second
 * header at a chunk boundary starts a concatenated stream, and fewer than 4 bytes after the last
 * chunk are ignored. Unlike SnappyInputStream, every allocation is checked against the bytes
 * present and the caller's limit before it is made.
 */
final class SnappyCodec implements CompressionCodec {
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER_SIZE = MAGIC.length + 8;
    // The first four magic bytes read as a chunk length; negative, so no real chunk looks like it.
    private static final int MAGIC_HEAD = ByteBuffer.wrap(MAGIC).getInt();
    private static final int MINIMUM_COMPATIBLE_VERSION = 1;
    // Snappy's densest element is a 3-byte copy of 64 bytes, so no block expands more than ~22x.
    private static final int MAX_EXPANSION = 24;

    @Override
    public void compress(ByteBuffer source, int level, GrowableBuffer sink) throws IOException {
        // xerial's own writer with its default 32 KiB blocks, exactly as kafka-clients calls it.
        try (SnappyOutputStream out = new SnappyOutputStream(sink)) {
            Buffers.writeTo(source, out);
        }
    }

    @Override
    public void decompress(ByteBuffer source, GrowableBuffer sink) throws IOException {
        ArraySlice input = Buffers.arraySlice(source);
        if (!hasFramingHeader(input)) {
            uncompressBlock(input.array(), input.offset(), input.length(), sink);
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(input.array(), input.offset(), input.length()).slice();
        in.position(MAGIC.length);
        int version = in.getInt();
        in.getInt(); // the writer's minimum compatible reader version; ours reads them all
        if (version < MINIMUM_COMPATIBLE_VERSION) {
            throw invalid("snappy stream version " + version + " is older than " + MINIMUM_COMPATIBLE_VERSION);
        }
        while (in.remaining() >= 4) {
            int chunkLength = in.getInt();
            if (chunkLength == MAGIC_HEAD) {
                skipConcatenatedHeader(in);
                continue;
            }
            if (chunkLength < 0 || chunkLength > in.remaining()) {
                throw invalid("snappy chunk of " + chunkLength + " bytes, but " + in.remaining() + " remain");
            }
            uncompressBlock(input.array(), input.offset() + in.position(), chunkLength, sink);
            in.position(in.position() + chunkLength);
        }
    }

    private static boolean hasFramingHeader(ArraySlice input) {
        return input.length() >= HEADER_SIZE
            && Arrays.equals(input.array(), input.offset(), input.offset() + MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static void skipConcatenatedHeader(ByteBuffer in) {
        int rest = HEADER_SIZE - 4;
        if (in.remaining() < rest) {
            throw invalid("snappy stream ends inside a concatenated stream header");
        }
        for (int i = 4; i < MAGIC.length; i++) {
            if (in.get() != MAGIC[i]) {
                throw invalid("snappy chunk length field holds a damaged stream header");
            }
        }
        in.position(in.position() + 8); // version fields
    }

    private static void uncompressBlock(byte[] array, int offset, int length, GrowableBuffer sink) throws IOException {
        int written;
        int uncompressedLength;
        try {
            // The block starts with its uncompressed length; check it before allocating for it.
            uncompressedLength = Snappy.uncompressedLength(array, offset, length);
            if (uncompressedLength < 0 || uncompressedLength > MAX_EXPANSION * (long) length + 16) {
                throw invalid("snappy block of " + length + " bytes claims " + uncompressedLength
                    + " uncompressed bytes, more than snappy can encode in it");
            }
            sink.ensureRemaining(uncompressedLength);
            written = Snappy.uncompress(array, offset, length, sink.array(), sink.size());
        } catch (SnappyError e) {
            throw new CorruptRecordException(Reason.INVALID_COMPRESSED_DATA, "invalid snappy block: " + e.getMessage(), e);
        }
        if (written != uncompressedLength) {
            throw invalid("snappy block announced " + uncompressedLength + " bytes but held " + written);
        }
        sink.advance(written);
    }

    private static CorruptRecordException invalid(String message) {
        return new CorruptRecordException(Reason.INVALID_COMPRESSED_DATA, message);
    }
}
