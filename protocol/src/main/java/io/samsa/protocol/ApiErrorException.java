package io.samsa.protocol;

import static java.util.Objects.requireNonNull;

/**
 * A failure with a known Kafka error code, raised anywhere below a handler; the dispatcher
 * turns it into the API's error response.
 */
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
