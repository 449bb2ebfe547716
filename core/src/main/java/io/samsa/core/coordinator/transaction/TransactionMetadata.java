package io.samsa.core.coordinator.transaction;

import static java.util.Objects.requireNonNull;

import io.samsa.core.coordinator.group.TopicPartition;
import java.util.HashSet;
import java.util.Set;

/**
 * What the coordinator knows of one transactional id, as stored in {@code __transaction_state}:
 * its producer id and epoch (and the previous ones, so a producer that missed the answer to a
 * bump can retry, KIP-360), its transaction timeout, the state of its current transaction and the
 * partitions in it. Immutable: every transition makes a new value, which becomes current once
 * it is durable.
 *
 * @param lastProducerId the producer id before the last rotation, or -1
 * @param lastProducerEpoch the epoch before the last bump a client asked for with its own epoch, or -1
 * @param txnStartTimestamp when the current (or last) transaction started, -1 before the first
 * @param updateTimestamp when this state was entered
 */
public record TransactionMetadata(String transactionalId, long producerId, long lastProducerId, short producerEpoch,
        short lastProducerEpoch, int timeoutMs, TransactionState state, Set<TopicPartition> partitions,
        long txnStartTimestamp, long updateTimestamp) {
    public static final short NO_EPOCH = -1;
    public static final long NO_PRODUCER_ID = -1;

    public TransactionMetadata {
        requireNonNull(transactionalId, "transactionalId is null");
        requireNonNull(state, "state is null");
        partitions = Set.copyOf(partitions);
    }

    /** A new transactional id before its first InitProducerId is durable: epoch -1, so the first bump gives 0. */
    static TransactionMetadata fresh(String transactionalId, long producerId, int timeoutMs, long now) {
        return new TransactionMetadata(transactionalId, producerId, NO_PRODUCER_ID, NO_EPOCH, NO_EPOCH, timeoutMs,
                TransactionState.EMPTY, Set.of(), -1, now);
    }

    /** Kafka keeps the last two epochs of a producer id for fencing; beyond this a new producer id is needed. */
    boolean isEpochExhausted() {
        return isEpochExhausted(producerEpoch);
    }

    static boolean isEpochExhausted(short epoch) {
        return epoch >= Short.MAX_VALUE - 1;
    }

    /** After InitProducerId: no transaction open, the given producer id and epochs. */
    TransactionMetadata initialized(long newProducerId, long newLastProducerId, short epoch, short lastEpoch,
            int newTimeoutMs, long now) {
        return new TransactionMetadata(transactionalId, newProducerId, newLastProducerId, epoch, lastEpoch,
                newTimeoutMs, TransactionState.EMPTY, Set.of(), -1, now);
    }

    /** Partitions join the transaction; the first ones start it. */
    TransactionMetadata withPartitions(Set<TopicPartition> added, long now) {
        Set<TopicPartition> all = new HashSet<>(state == TransactionState.ONGOING ? partitions : Set.of());
        all.addAll(added);
        long start = state == TransactionState.ONGOING ? txnStartTimestamp : now;
        return new TransactionMetadata(transactionalId, producerId, lastProducerId, producerEpoch, lastProducerEpoch,
                timeoutMs, TransactionState.ONGOING, all, start, now);
    }

    /** The outcome is decided; markers go to every partition next. */
    TransactionMetadata prepared(boolean commit, long now) {
        return to(commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT, partitions, now);
    }

    /** Every partition has its marker. */
    TransactionMetadata completed(long now) {
        TransactionState done = state == TransactionState.PREPARE_COMMIT
                ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        return to(done, Set.of(), now);
    }

    /**
     * PrepareAbort of the open transaction with the epoch one up, so that the producer that opened
     * it is fenced (Kafka's PrepareEpochFence followed by PrepareAbort, as one stored state).
     */
    TransactionMetadata fenced(long now) {
        return new TransactionMetadata(transactionalId, producerId, lastProducerId, (short) (producerEpoch + 1), NO_EPOCH,
                timeoutMs, TransactionState.PREPARE_ABORT, partitions, txnStartTimestamp, now);
    }

    TransactionMetadata dead(long now) {
        return to(TransactionState.DEAD, Set.of(), now);
    }

    private TransactionMetadata to(TransactionState next, Set<TopicPartition> nextPartitions, long now) {
        return new TransactionMetadata(transactionalId, producerId, lastProducerId, producerEpoch, lastProducerEpoch,
                timeoutMs, next, nextPartitions, txnStartTimestamp, now);
    }
}
