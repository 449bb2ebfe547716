package io.samsa.core.network;

/** A listener that cannot be bound; start-up stops with this message. */
public class NetworkStartException extends RuntimeException {
    public NetworkStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
