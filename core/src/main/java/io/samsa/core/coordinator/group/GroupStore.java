package io.samsa.core.coordinator.group;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Where the coordinator's records are made durable and read back from: {@code __consumer_offsets}. */
public interface GroupStore {
    /** Feeds every stored record to {@code apply}, in log order per group. */
    CompletionStage<Void> load(Consumer<GroupRecord> apply);

    /** Completes once the store can take appends (creating it on first use). */
    default CompletionStage<Void> ensureReady() {
        return CompletableFuture.completedFuture(null);
    }

    /** Appends a group's records as one batch; completes once they are durable. */
    CompletionStage<Void> append(String groupId, List<GroupRecord> records);
}
