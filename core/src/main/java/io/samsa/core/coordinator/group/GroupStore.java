package io.samsa.core.coordinator.group;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where the coordinator's records are made durable and read back from: {@code __consumer_offsets}. */
public interface GroupStore {
    /** Feeds every stored record and transaction marker to {@code replay}, in log order per partition. */
    CompletionStage<Void> load(GroupReplay replay);

    /** Completes once the store can take appends (creating it on first use). */
    default CompletionStage<Void> ensureReady() {
        return CompletableFuture.completedFuture(null);
    }

    /** Appends a group's records as one batch; completes once they are durable. */
    CompletionStage<Void> append(String groupId, List<GroupRecord> records);

    /**
     * Appends a group's records as one transactional batch of the producer, so that the log
     * counts them in the producer's open transaction (last stable offset, aborted transactions)
     * until its marker. Fails with INVALID_PRODUCER_EPOCH when the log knows a newer epoch.
     */
    CompletionStage<Void> appendTransactional(String groupId, long producerId, short producerEpoch,
            List<GroupRecord> records);

    /**
     * Writes the COMMIT or ABORT marker of the producer's transaction to one partition of the
     * store; fails with INVALID_PRODUCER_EPOCH when the log knows a newer epoch.
     */
    CompletionStage<Void> appendTransactionMarker(int partition, long producerId, short producerEpoch,
            int coordinatorEpoch, boolean commit);

    /** The partition holding a group's records. */
    int partitionFor(String groupId);
}
