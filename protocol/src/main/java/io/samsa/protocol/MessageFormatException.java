package io.samsa.protocol;

/**
 * Bytes that do not form a valid message: a negative or oversized length, a truncated field, an
 * over-long varint. Decoding stops at the first such problem; the caller decides what the peer
 * gets back (Kafka closes the connection for an unreadable request).
 */
public class MessageFormatException extends RuntimeException {
    public MessageFormatException(String message) {
        super(message);
    }

    public MessageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
