package io.samsa.core.server;

/** Start-up could not complete; the message says what failed. */
public class BrokerStartException extends RuntimeException {
    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
