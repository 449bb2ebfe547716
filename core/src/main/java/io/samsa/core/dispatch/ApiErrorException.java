package io.samsa.core.dispatch;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ErrorCode;

/** A failure with a known Kafka error code, raised anywhere below a handler. */
public class ApiErrorException extends RuntimeException {
    private final ErrorCode error;

    public ApiErrorException(ErrorCode error, String message) {
        super(message);
        this.error = requireNonNull(error, "error is null");
    }

    public ErrorCode error() {
        return error;
    }
}
