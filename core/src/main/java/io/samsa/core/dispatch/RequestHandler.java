package io.samsa.core.dispatch;

import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiMessage;
import io.samsa.protocol.ErrorCode;
import java.util.concurrent.CompletionStage;

/**
 * Serves one API. A handler never blocks the calling (event-loop) thread: slow work returns an
 * incomplete stage. Every handler can also build its API's error response, so the dispatcher can
 * turn any failure into the answer a Kafka client expects instead of a dropped connection.
 *
 * @param <Q> the request message
 * @param <R> the response message
 */
public interface RequestHandler<Q extends ApiMessage, R extends ApiMessage> {
    ApiKey apiKey();

    /** The versions served; must lie within what the codec knows. */
    VersionRange versions();

    /**
     * The versions ApiVersions announces; the same as {@link #versions()} except where Kafka
     * deliberately announces more than it serves (Produce, for old librdkafka).
     */
    default VersionRange advertisedVersions() {
        return versions();
    }

    /** The response, or a stage completing with null when the API sends none (acks=0 produce). */
    CompletionStage<R> handle(RequestContext context, Q request);

    /**
     * True if, once {@link #handle} returned, every effect of {@code request} that a later request
     * could observe is already queued in order (a produce's appends wait their turn on each log).
     * The connection may then start its next request of this API before this one completes, the
     * responses still going out in request order. Kafka runs a connection's requests strictly one
     * at a time; only requests whose outcome the overlap cannot change may say yes.
     */
    default boolean orderedOnReturn(Q request) {
        return false;
    }

    /** The response that reports {@code error} for every part of {@code request}. */
    R errorResponse(RequestContext context, Q request, ErrorCode error, String message);

    /**
     * Frees what {@code response} holds beyond heap memory (the log slices of {@link SliceRecords},
     * which keep files open). Called once for every response {@link #handle} produced, after it was
     * sent or when it will not be (connection closed, encoding failed); records the network layer
     * already claimed are left to it. Must not throw.
     */
    default void release(R response) {}
}
