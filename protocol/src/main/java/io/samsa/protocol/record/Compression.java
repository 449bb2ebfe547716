package io.samsa.protocol.record;

import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * The compression codecs of a v2 record batch, by the id in the low three bits of the batch
 * attributes. Streams are byte-compatible with kafka-clients in both directions (see each codec's
 * class comment for the framing details).
 *
 * <p>Levels follow Kafka's {@code compression.<codec>.level} settings: gzip 1-9, lz4 1-17,
 * zstd -131072-22; none and snappy ignore the level.
 */
public enum Compression {
    NONE(0, "none", CompressionCodec.IDENTITY, 0, 0, 0),
    GZIP(1, "gzip", new GzipCodec(), Deflater.DEFAULT_COMPRESSION, 1, Deflater.BEST_COMPRESSION),
    SNAPPY(2, "snappy", new SnappyCodec(), 0, 0, 0),
    LZ4(3, "lz4", new Lz4FrameCodec(), Lz4FrameCodec.DEFAULT_LEVEL, 1, 17),
    ZSTD(4, "zstd", new ZstdCodec(), 3, -131072, 22);

    /** The mask of the codec id within the batch attributes. */
    public static final int ATTRIBUTE_MASK = 0x07;

    private final int id;
    private final String configName;
    private final CompressionCodec codec;
    private final int defaultLevel;
    private final int minLevel;
    private final int maxLevel;

    Compression(int id, String configName, CompressionCodec codec, int defaultLevel, int minLevel, int maxLevel) {
        this.id = id;
        this.configName = configName;
        this.codec = codec;
        this.defaultLevel = defaultLevel;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    /** The codec id as stored in the batch attributes. */
    public int id() {
        return id;
    }

    /** The name used in Kafka configs ({@code compression.type}). */
    public String configName() {
        return configName;
    }

    public int defaultLevel() {
        return defaultLevel;
    }

    /** The codec for an attributes id; ids 5-7 are reserved and rejected. */
    public static Compression forId(int id) {
        return switch (id) {
            case 0 -> NONE;
            case 1 -> GZIP;
            case 2 -> SNAPPY;
            case 3 -> LZ4;
            case 4 -> ZSTD;
            default -> throw new UnsupportedCompressionException(id);
        };
    }

    /** The codec for a config value such as {@code "lz4"}. */
    public static Compression forConfigName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Compression compression : values()) {
            if (compression.configName.equals(lower)) {
                return compression;
            }
        }
        throw new IllegalArgumentException("unknown compression type '" + name + "', expected one of none, gzip, snappy, lz4, zstd");
    }

    /** Compresses at {@link #defaultLevel()}; see {@link #compress(ByteBuffer, int)}. */
    public ByteBuffer compress(ByteBuffer uncompressed) {
        return compress(uncompressed, defaultLevel);
    }

    /**
     * Compresses {@code uncompressed}'s remaining bytes (its position does not move).
     *
     * @return a new heap buffer the caller owns, positioned at 0
     * @throws IllegalArgumentException if the level is outside this codec's range
     */
    public ByteBuffer compress(ByteBuffer uncompressed, int level) {
        checkLevel(level);
        GrowableBuffer sink = new GrowableBuffer(uncompressed.remaining() / 2 + 64, GrowableBuffer.MAX_ARRAY_SIZE);
        try {
            codec.compress(uncompressed, level, sink);
        } catch (IOException e) {
            // Every sink here is in memory, so an IOException is a codec failure, not I/O.
            throw new UncheckedIOException(configName + " compression failed", e);
        }
        return sink.toByteBuffer();
    }

    /**
     * Decompresses {@code compressed}'s remaining bytes (its position does not move).
     *
     * @param maxUncompressedBytes the most bytes the result may hold; memory used never exceeds
     *     about twice the bytes actually produced
     * @return a new heap buffer the caller owns, positioned at 0
     * @throws CorruptRecordException {@link Reason#INVALID_COMPRESSED_DATA} if the input is not a
     *     valid stream for this codec, {@link Reason#SIZE_LIMIT_EXCEEDED} if it holds more than
     *     {@code maxUncompressedBytes}
     */
    public ByteBuffer decompress(ByteBuffer compressed, int maxUncompressedBytes) {
        int initialCapacity = (int) Math.min(maxUncompressedBytes, Math.max(1024L, 4L * compressed.remaining()));
        GrowableBuffer sink = new GrowableBuffer(initialCapacity, maxUncompressedBytes);
        try {
            codec.decompress(compressed, sink);
        } catch (CorruptRecordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The codec libraries report bad input with IOExceptions and assorted runtime exceptions.
            throw new CorruptRecordException(Reason.INVALID_COMPRESSED_DATA,
                "invalid " + configName + " data: " + e.getMessage(), e);
        }
        return sink.toByteBuffer();
    }

    /**
     * Checks a {@code compression.<codec>.level} value.
     *
     * @throws IllegalArgumentException if the level is outside this codec's range
     */
    public void checkLevel(int level) {
        if (level == defaultLevel || (minLevel == 0 && maxLevel == 0)) {
            return; // the default, or a codec without levels
        }
        if (level < minLevel || level > maxLevel) {
            throw new IllegalArgumentException(configName + " compression level " + level
                + " is outside " + minLevel + ".." + maxLevel);
        }
    }
}
