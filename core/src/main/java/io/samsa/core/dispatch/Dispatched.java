package io.samsa.core.dispatch;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A request handed to its handler: the outcome to come, and whether everything the request does
 * that a later request could observe was already queued in order when the handler returned (see
 * {@link RequestHandler#orderedOnReturn}), so that the connection may start its next request of
 * the same API before this one completes.
 */
public record Dispatched(CompletionStage<DispatchOutcome> outcome, boolean orderedOnReturn) {
    public Dispatched {
        requireNonNull(outcome, "outcome is null");
    }

    /** An outcome known at once, that no later request may overlap. */
    static Dispatched now(DispatchOutcome outcome) {
        return new Dispatched(CompletableFuture.completedFuture(outcome), false);
    }
}
