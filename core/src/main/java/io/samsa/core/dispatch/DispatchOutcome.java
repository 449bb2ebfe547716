package io.samsa.core.dispatch;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ApiMessage;

/** What the connection does after a request: send a response, or close (as Kafka does for unreadable requests). */
public sealed interface DispatchOutcome {
    /** Send {@code body} encoded at {@code version}, behind a response header of {@code headerVersion}. */
    record Respond(ApiMessage body, short version, short headerVersion) implements DispatchOutcome {
        public Respond {
            requireNonNull(body, "body is null");
        }
    }

    /** Nothing to send (a produce with acks=0); the connection goes on with the next request. */
    record NoResponse() implements DispatchOutcome {}

    /** Close the connection; {@code reason} is logged, never sent. */
    record Close(String reason) implements DispatchOutcome {}
}
