package io.samsa.core.dispatch;

/**
 * Thrown by a handler whose only way to report a failure is to drop the connection, as Kafka does
 * when an acks=0 produce fails: the client learns of it by the disconnect.
 */
public class CloseConnectionException extends RuntimeException {
    public CloseConnectionException(String message) {
        super(message);
    }
}
