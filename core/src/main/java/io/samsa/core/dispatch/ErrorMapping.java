package io.samsa.core.dispatch;

import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.MessageFormatException;
import io.samsa.protocol.UnsupportedVersionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place where exceptions become Kafka error codes. */
public final class ErrorMapping {
    private ErrorMapping() {}

    public static ErrorCode toErrorCode(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiErrorException api) {
            return api.error();
        }
        if (cause instanceof UnsupportedVersionException) {
            return ErrorCode.UNSUPPORTED_VERSION;
        }
        if (cause instanceof MessageFormatException) {
            return ErrorCode.CORRUPT_MESSAGE;
        }
        return ErrorCode.UNKNOWN_SERVER_ERROR;
    }

    /** What the client may read about the failure; internal errors say no more than Kafka's do. */
    public static String toMessage(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (toErrorCode(cause) == ErrorCode.UNKNOWN_SERVER_ERROR) {
            return "Unexpected server error";
        }
        return cause.getMessage();
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
