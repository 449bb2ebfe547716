package io.samsa.protocol.record;

/**
 * A batch whose attributes name a compression codec id outside 0-4. Kept as its own type (in
 * addition to {@link Reason#UNSUPPORTED_COMPRESSION}) because Kafka answers it with
 * UNSUPPORTED_COMPRESSION_TYPE rather than CORRUPT_MESSAGE.
 */
public class UnsupportedCompressionException extends CorruptRecordException {
    private final int codecId;

    public UnsupportedCompressionException(int codecId) {
        super(Reason.UNSUPPORTED_COMPRESSION,
            "unknown compression codec id " + codecId + " (known: 0=none, 1=gzip, 2=snappy, 3=lz4, 4=zstd)");
        this.codecId = codecId;
    }

    public int codecId() {
        return codecId;
    }
}
