package io.samsa.core.dispatch;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ApiMessage;
import java.util.concurrent.atomic.AtomicBoolean;

/** What the connection does after a request: send a response, or close (as Kafka does for unreadable requests). */
public sealed interface DispatchOutcome {
    /**
     * Send {@code body} encoded at {@code version}, behind a response header of {@code headerVersion}.
     * Whoever holds a Respond must call {@link #release()} once the body has been sent or will not
     * be: the body may own log slices (see {@link RequestHandler#release}).
     */
    record Respond(ApiMessage body, short version, short headerVersion, Runnable onRelease) implements DispatchOutcome {
        public Respond {
            requireNonNull(body, "body is null");
            onRelease = once(requireNonNull(onRelease, "onRelease is null"));
        }

        /** A response that owns nothing but memory. */
        public Respond(ApiMessage body, short version, short headerVersion) {
            this(body, version, headerVersion, () -> {});
        }

        /** Frees what the body holds; only the first call does anything. */
        public void release() {
            onRelease.run();
        }

        private static Runnable once(Runnable action) {
            AtomicBoolean done = new AtomicBoolean();
            return () -> {
                if (done.compareAndSet(false, true)) {
                    action.run();
                }
            };
        }
    }

    /** Nothing to send (a produce with acks=0); the connection goes on with the next request. */
    record NoResponse() implements DispatchOutcome {}

    /** Close the connection; {@code reason} is logged, never sent. */
    record Close(String reason) implements DispatchOutcome {}
}
