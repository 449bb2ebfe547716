package io.samsa.core.coordinator;

import static java.util.Objects.requireNonNull;

import io.samsa.api.storage.StorageException;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * The error a client gets when a coordinator could not write to its internal topic. Kafka's group
 * and transaction coordinators translate the log's errors each with their own list; what they
 * share is here: the cause under the stage's wrapping, a storage failure meaning this broker can
 * no longer coordinate, an unexpected failure being UNKNOWN_SERVER_ERROR.
 */
public final class CoordinatorErrors {
    private final Map<ErrorCode, ErrorCode> translated;
    private final boolean othersAsThey;

    private CoordinatorErrors(Map<ErrorCode, ErrorCode> translated, boolean othersAsThey) {
        this.translated = translated;
        this.othersAsThey = othersAsThey;
    }

    /** Starts a translation: every error in {@code from} becomes {@code to}. */
    public static Builder translating(Set<ErrorCode> from, ErrorCode to) {
        return new Builder().translating(from, to);
    }

    /** The client's error for {@code failure}. */
    public ErrorCode of(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StorageException) {
            return ErrorCode.NOT_COORDINATOR;
        }
        if (!(cause instanceof ApiErrorException api)) {
            return ErrorCode.UNKNOWN_SERVER_ERROR;
        }
        return translated.getOrDefault(api.error(), othersAsThey ? api.error() : ErrorCode.UNKNOWN_SERVER_ERROR);
    }

    public static final class Builder {
        private final Map<ErrorCode, ErrorCode> translated = new EnumMap<>(ErrorCode.class);

        private Builder() {
        }

        public Builder translating(Set<ErrorCode> from, ErrorCode to) {
            requireNonNull(to, "to is null");
            from.forEach(error -> translated.put(error, to));
            return this;
        }

        /** Any other error reaches the client as it is. */
        public CoordinatorErrors othersAsThey() {
            return new CoordinatorErrors(Map.copyOf(translated), true);
        }

        /** Any other error reaches the client as UNKNOWN_SERVER_ERROR. */
        public CoordinatorErrors othersUnknown() {
            return new CoordinatorErrors(Map.copyOf(translated), false);
        }
    }
}
