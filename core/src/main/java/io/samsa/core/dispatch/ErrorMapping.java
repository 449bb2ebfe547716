package io.samsa.core.dispatch;

import io.samsa.api.storage.OffsetOutOfRangeException;
import io.samsa.api.storage.StorageException;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.MessageFormatException;
import io.samsa.protocol.UnsupportedVersionException;
import io.samsa.protocol.record.CorruptRecordException;
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
        if (cause instanceof CorruptRecordException corrupt) {
            return corrupt.reason() == CorruptRecordException.Reason.UNSUPPORTED_COMPRESSION
                    ? ErrorCode.UNSUPPORTED_COMPRESSION_TYPE
                    : ErrorCode.CORRUPT_MESSAGE;
        }
        if (cause instanceof OffsetOutOfRangeException) {
            return ErrorCode.OFFSET_OUT_OF_RANGE;
        }
        if (cause instanceof StorageException) {
            return ErrorCode.KAFKA_STORAGE_ERROR;
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
