package io.samsa.core.coordinator.transaction;

import java.util.Optional;

/**
 * The states of a transactional id, as Kafka's coordinator names them (DescribeTransactions and
 * ListTransactions report these names; the stored form uses {@link #id()}).
 *
 * <pre>
 * Empty / CompleteCommit / CompleteAbort --AddPartitions--> Ongoing --EndTxn--> PrepareCommit / PrepareAbort
 * PrepareCommit --markers written--> CompleteCommit;  PrepareAbort --markers written--> CompleteAbort
 * Ongoing --InitProducerId or timeout--> (PrepareEpochFence, never stored) --> PrepareAbort
 * any idle state --transactional.id.expiration.ms--> Dead (a tombstone)
 * </pre>
 */
public enum TransactionState {
    EMPTY(0, "Empty"),
    ONGOING(1, "Ongoing"),
    PREPARE_COMMIT(2, "PrepareCommit"),
    PREPARE_ABORT(3, "PrepareAbort"),
    COMPLETE_COMMIT(4, "CompleteCommit"),
    COMPLETE_ABORT(5, "CompleteAbort"),
    DEAD(6, "Dead"),
    PREPARE_EPOCH_FENCE(7, "PrepareEpochFence");

    private final byte id;
    private final String displayName;

    TransactionState(int id, String displayName) {
        this.id = (byte) id;
        this.displayName = displayName;
    }

    public byte id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** Markers are being written: the transaction's outcome is decided but not yet in every partition. */
    public boolean isPreparing() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }

    /** No transaction is open: a new one may start, the id may expire. */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    public static Optional<TransactionState> byDisplayName(String name) {
        for (TransactionState state : values()) {
            if (state.displayName.equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    static TransactionState byId(byte id) {
        for (TransactionState state : values()) {
            if (state.id == id) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown transaction state " + id);
    }
}
