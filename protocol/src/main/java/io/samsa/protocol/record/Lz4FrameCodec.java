package io.samsa.protocol.record;

import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame format (lz4_Frame_format.md, v1.6) restricted to what Kafka speaks for magic v2.
 *
 * <p>Writing matches kafka-clients byte for byte at the default level: FLG = 0x60 (version 01,
 * independent blocks, no block or content checksum, no content size), BD = 0x40 (64 KiB blocks),
 * a header checksum computed over FLG and BD only (the "broken" variant that also hashes the magic
 * number belongs to magic v0 and is never written), blocks that do not shrink stored raw with the
 * high bit of their length set, and a zero end mark without a content checksum. Level 9, Kafka's
 * default, uses lz4's fast compressor exactly as kafka-clients does; other levels use LZ4 HC.
 *
 * <p>Reading accepts what Kafka's reader accepts: any block size 64 KiB-4 MiB, block checksums
 * (verified), a content size field (skipped) and a content checksum (skipped: Kafka does not
 * verify it either, and the batch CRC already covers these bytes). Like Kafka it refuses linked
 * blocks, dictionary ids, reserved bits and a wrong header checksum, and ignores bytes after the
 * end mark.
 */
final class Lz4FrameCodec implements CompressionCodec {
    static final int DEFAULT_LEVEL = 9;

    private static final int MAGIC = 0x184D2204;
    private static final int FLG_VERSION_MASK = 0xC0;
    private static final int FLG_VERSION_01 = 0x40;
    private static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    private static final int FLG_BLOCK_CHECKSUM = 0x10;
    private static final int FLG_CONTENT_SIZE = 0x08;
    private static final int FLG_CONTENT_CHECKSUM = 0x04;
    private static final int FLG_RESERVED_AND_DICT_ID = 0x03;
    private static final int BD_BLOCK_SIZE_SHIFT = 4;
    private static final int BD_RESERVED = 0x8F;
    private static final int BLOCK_SIZE_64KB = 4;
    private static final int BLOCK_UNCOMPRESSED_FLAG = 0x80000000;
    // LZ4 encodes at most ~255 output bytes per input byte; no honest block expands more.
    private static final int MAX_EXPANSION = 256;

    private final LZ4Factory factory = LZ4Factory.fastestInstance();
    private final LZ4SafeDecompressor decompressor = factory.safeDecompressor();
    private final XXHash32 xxhash = XXHashFactory.fastestInstance().hash32();

    @Override
    public void compress(ByteBuffer source, int level, GrowableBuffer sink) {
        LZ4Compressor compressor = level == DEFAULT_LEVEL ? factory.fastCompressor() : factory.highCompressor(level);
        int maxBlockSize = maxBlockSize(BLOCK_SIZE_64KB);

        ByteBuffer header = sink.reserve(7).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC);
        header.put((byte) (FLG_VERSION_01 | FLG_BLOCK_INDEPENDENCE));
        header.put((byte) (BLOCK_SIZE_64KB << BD_BLOCK_SIZE_SHIFT));
        header.put(headerChecksum(header, 4, 2));

        ByteBuffer in = source.duplicate();
        int maxCompressed = compressor.maxCompressedLength(maxBlockSize);
        while (in.hasRemaining()) {
            int blockLength = Math.min(maxBlockSize, in.remaining());
            sink.ensureRemaining(4 + maxCompressed);
            ByteBuffer out = ByteBuffer.wrap(sink.array(), sink.size(), 4 + maxCompressed)
                .slice().order(ByteOrder.LITTLE_ENDIAN);
            int compressedLength = compressor.compress(in, in.position(), blockLength, out, 4, maxCompressed);
            if (compressedLength >= blockLength) {
                out.putInt(0, blockLength | BLOCK_UNCOMPRESSED_FLAG);
                out.put(4, in, in.position(), blockLength);
                sink.advance(4 + blockLength);
            } else {
                out.putInt(0, compressedLength);
                sink.advance(4 + compressedLength);
            }
            in.position(in.position() + blockLength);
        }
        sink.reserve(4).putInt(0); // end mark; zero reads the same in either byte order
    }

    @Override
    public void decompress(ByteBuffer source, GrowableBuffer sink) {
        ByteBuffer in = source.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 7) {
            throw invalid("lz4 frame of " + in.remaining() + " bytes is shorter than a frame header");
        }
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw invalid(String.format("lz4 frame magic is 0x%08X, expected 0x%08X", magic, MAGIC));
        }
        int descriptorStart = in.position();
        int flg = in.get() & 0xff;
        int bd = in.get() & 0xff;
        checkDescriptor(flg, bd);
        if ((flg & FLG_CONTENT_SIZE) != 0) {
            require(in, 8, "content size");
            in.position(in.position() + 8);
        }
        require(in, 1, "header checksum");
        byte expected = headerChecksum(in, descriptorStart, in.position() - descriptorStart);
        if (in.get() != expected) {
            throw invalid("lz4 frame header checksum mismatch");
        }

        int maxBlockSize = maxBlockSize((bd >>> BD_BLOCK_SIZE_SHIFT) & 7);
        boolean blockChecksums = (flg & FLG_BLOCK_CHECKSUM) != 0;
        ByteBuffer scratch = null;
        while (true) {
            require(in, 4, "block length");
            int rawLength = in.getInt();
            if (rawLength == 0) {
                if ((flg & FLG_CONTENT_CHECKSUM) != 0) {
                    require(in, 4, "content checksum");
                }
                return;
            }
            boolean stored = (rawLength & BLOCK_UNCOMPRESSED_FLAG) != 0;
            int length = rawLength & ~BLOCK_UNCOMPRESSED_FLAG;
            if (length > maxBlockSize) {
                throw invalid("lz4 block of " + length + " bytes exceeds the frame's maximum of " + maxBlockSize);
            }
            require(in, length, "block data");
            if (blockChecksums) {
                require(in, length + 4, "block checksum");
                int actual = xxhash.hash(in, in.position(), length, 0);
                if (actual != in.getInt(in.position() + length)) {
                    throw invalid("lz4 block checksum mismatch");
                }
            }
            if (stored) {
                sink.write(in.slice(in.position(), length));
            } else {
                int capacity = (int) Math.min(maxBlockSize, (long) length * MAX_EXPANSION + 64);
                if (scratch == null || scratch.capacity() < capacity) {
                    scratch = ByteBuffer.allocate(capacity);
                }
                int produced;
                try {
                    produced = decompressor.decompress(in, in.position(), length, scratch, 0, capacity);
                } catch (LZ4Exception e) {
                    throw new CorruptRecordException(Reason.INVALID_COMPRESSED_DATA,
                        "invalid lz4 block: " + e.getMessage(), e);
                }
                sink.write(scratch.slice(0, produced));
            }
            in.position(in.position() + length + (blockChecksums ? 4 : 0));
        }
    }

    private static void checkDescriptor(int flg, int bd) {
        if ((flg & FLG_VERSION_MASK) != FLG_VERSION_01) {
            throw invalid("lz4 frame version " + (flg >>> 6) + " is not supported");
        }
        if ((flg & FLG_RESERVED_AND_DICT_ID) != 0) {
            throw invalid("lz4 frame sets reserved or dictionary-id flag bits (FLG=0x" + Integer.toHexString(flg) + ")");
        }
        if ((flg & FLG_BLOCK_INDEPENDENCE) == 0) {
            throw invalid("lz4 frames with linked blocks are not supported (Kafka refuses them too)");
        }
        int blockSizeId = (bd >>> BD_BLOCK_SIZE_SHIFT) & 7;
        if ((bd & BD_RESERVED) != 0 || blockSizeId < 4) {
            throw invalid("lz4 frame block descriptor 0x" + Integer.toHexString(bd) + " is invalid");
        }
    }

    private byte headerChecksum(ByteBuffer buffer, int offset, int length) {
        return (byte) ((xxhash.hash(buffer, offset, length, 0) >> 8) & 0xff);
    }

    private static int maxBlockSize(int blockSizeId) {
        return 1 << (2 * blockSizeId + 8);
    }

    private static void require(ByteBuffer in, int count, String what) {
        if (in.remaining() < count) {
            throw invalid("lz4 frame ends before its " + what);
        }
    }

    private static CorruptRecordException invalid(String message) {
        return new CorruptRecordException(Reason.INVALID_COMPRESSED_DATA, message);
    }
}
