package io.samsa.core.coordinator.transaction;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/** Where the coordinator's records are made durable and read back from: {@code __transaction_state}. */
public interface TransactionStore {
    /** Feeds every stored record to {@code apply} (a null metadata for a tombstone), in log order per id. */
    CompletionStage<Void> load(BiConsumer<String, TransactionMetadata> apply);

    /** Completes once the store can take appends (creating it on first use). */
    default CompletionStage<Void> ensureReady() {
        return CompletableFuture.completedFuture(null);
    }

    /** Appends the latest state of a transactional id, or its tombstone (null); completes once durable. */
    CompletionStage<Void> append(String transactionalId, TransactionMetadata metadata);
}
