package io.samsa.core.log;

/**
 * A token for KIP-890 part 1 (transaction verification): taken from
 * {@link Log#startTransactionVerification(long, short)} before the broker asks the transaction
 * coordinator whether a producer's transaction includes the partition, and handed to
 * {@link Log#appendAsLeader(io.samsa.protocol.record.RecordBatch, VerificationGuard)} with the write. A transaction marker
 * for the producer in between invalidates it, so a late write of an ended transaction is refused
 * (INVALID_TXN_STATE) instead of opening a transaction no marker will ever end. Compared by identity.
 */
public final class VerificationGuard {
    /** No verification asked for: the write is checked as without a coordinator. */
    public static final VerificationGuard NONE = new VerificationGuard("none");

    private final String name;

    private VerificationGuard(String name) {
        this.name = name;
    }

    static VerificationGuard create(long producerId) {
        return new VerificationGuard("producer " + producerId);
    }

    @Override
    public String toString() {
        return "VerificationGuard(" + name + ")";
    }
}
