package io.samsa.core.coordinator.transaction;

import static java.util.Objects.requireNonNull;

/**
 * One transactional id on the coordinator's thread: its durable state and, while a transition is
 * being written, the state it is moving to (Kafka's pending state). A request that finds a
 * transition under way gets CONCURRENT_TRANSACTIONS and retries.
 */
final class TransactionEntry {
    private TransactionMetadata current;
    private TransactionState pending;

    TransactionEntry(TransactionMetadata current) {
        this.current = requireNonNull(current, "current is null");
    }

    TransactionMetadata current() {
        return current;
    }

    void current(TransactionMetadata metadata) {
        this.current = requireNonNull(metadata, "metadata is null");
    }

    boolean hasPendingTransition() {
        return pending != null;
    }

    void pending(TransactionState state) {
        this.pending = state;
    }
}
