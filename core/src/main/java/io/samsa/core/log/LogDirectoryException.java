package io.samsa.core.log;

/** A data directory that cannot be used; start-up stops with this message. */
public class LogDirectoryException extends RuntimeException {
    public LogDirectoryException(String message) {
        super(message);
    }

    public LogDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
