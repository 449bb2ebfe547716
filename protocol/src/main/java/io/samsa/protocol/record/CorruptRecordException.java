package io.samsa.protocol.record;

import static java.util.Objects.requireNonNull;

/**
 * A record batch that cannot be accepted as it is. The {@link Reason} says which check failed so
 * the broker can pick the Kafka error code (CORRUPT_MESSAGE for most, INVALID_RECORD for a wrong
 * magic in a produce request, UNSUPPORTED_COMPRESSION_TYPE, RECORD_LIST_TOO_LARGE for an
 * oversized decompression) without parsing the message text.
 *
 * <p>Deliberately not a {@link io.samsa.protocol.MessageFormatException}: a request whose framing
 * is fine but whose batch is corrupt gets a per-partition error code, not a closed connection.
 */
public class CorruptRecordException extends RuntimeException {

    /** Which check a batch failed. */
    public enum Reason {
        /** The magic byte is not 2 (v0/v1 message sets are not accepted, any other value is garbage). */
        INVALID_MAGIC,
        /** The buffer ends before the batch its header announces. */
        TRUNCATED,
        /** The batch length field is smaller than a batch header or otherwise impossible. */
        INVALID_BATCH_LENGTH,
        /** A header field holds an impossible value (negative record count or offset delta). */
        INVALID_HEADER,
        /** The stored CRC32C does not match the bytes it covers. */
        CRC_MISMATCH,
        /** The declared record count differs from the records actually present. */
        RECORD_COUNT_MISMATCH,
        /** A record's lengths, varints, headers or offset delta are inconsistent. */
        INVALID_RECORD,
        /** The compressed payload is not a valid stream for its codec. */
        INVALID_COMPRESSED_DATA,
        /** The attributes name a compression codec this broker does not know (ids 5-7). */
        UNSUPPORTED_COMPRESSION,
        /** Decompressing would exceed the caller's limit on uncompressed bytes. */
        SIZE_LIMIT_EXCEEDED
    }

    private final Reason reason;

    public CorruptRecordException(Reason reason, String message) {
        super(message);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public CorruptRecordException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + reason + "]: " + getMessage();
    }
}
