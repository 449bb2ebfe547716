package io.samsa.core.log;

import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.RecordBatch;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per partition, what the broker knows of each idempotent producer: its epoch and its last five
 * batches. That is enough to drop a retried batch (answering with where it landed the first
 * time) and to refuse one that skips or reorders sequence numbers, as Kafka does. Not
 * thread-safe: the owning {@link Log} calls it from its serialized append path.
 */
final class ProducerStates {
    /** Kafka clients keep at most five batches in flight per partition; that many are remembered. */
    static final int REMEMBERED_BATCHES = 5;

    private final Map<Long, Entry> producers = new HashMap<>();

    /**
     * Checks an incoming batch against its producer's state.
     *
     * @return the earlier append if this batch is a retry of one of the last five, else empty
     * @throws ApiErrorException INVALID_PRODUCER_EPOCH or OUT_OF_ORDER_SEQUENCE_NUMBER
     */
    Optional<Appended> check(RecordBatch batch) {
        if (batch.producerId() < 0) {
            return Optional.empty();
        }
        Entry entry = producers.get(batch.producerId());
        if (entry == null) {
            // Unknown producer (new, or its state expired): any sequence is accepted (KIP-360).
            return Optional.empty();
        }
        short epoch = batch.producerEpoch();
        if (epoch < entry.epoch) {
            throw new ApiErrorException(ErrorCode.INVALID_PRODUCER_EPOCH, "Epoch of producer " + batch.producerId()
                    + " is " + epoch + ", which is smaller than the last seen epoch " + entry.epoch);
        }
        if (epoch > entry.epoch) {
            if (batch.baseSequence() != 0) {
                throw new ApiErrorException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "Invalid sequence number for new epoch of producer "
                        + batch.producerId() + ": " + epoch + " (request epoch), " + batch.baseSequence() + " (seq. number), "
                        + entry.epoch + " (current producer epoch)");
            }
            return Optional.empty();
        }
        for (Appended earlier : entry.batches) {
            if (earlier.firstSequence() == batch.baseSequence() && earlier.lastSequence() == batch.lastSequence()) {
                return Optional.of(earlier);
            }
        }
        int last = entry.batches.isEmpty() ? -1 : entry.batches.getLast().lastSequence();
        if (last >= 0 && batch.baseSequence() != nextSequence(last)) {
            throw new ApiErrorException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "Out of order sequence number for producer "
                    + batch.producerId() + " at offset " + batch.baseOffset() + " : " + batch.baseSequence()
                    + " (incoming seq. number), " + last + " (current end sequence number)");
        }
        return Optional.empty();
    }

    /** Remembers an appended batch (also used when rebuilding the state from the log). */
    void record(RecordBatch batch, long firstOffset, long lastOffset) {
        if (batch.producerId() < 0) {
            return;
        }
        Entry entry = producers.computeIfAbsent(batch.producerId(), id -> new Entry());
        if (batch.producerEpoch() != entry.epoch) {
            entry.epoch = batch.producerEpoch();
            entry.batches.clear();
        }
        entry.batches.addLast(new Appended(batch.baseSequence(), batch.lastSequence(), firstOffset, lastOffset));
        if (entry.batches.size() > REMEMBERED_BATCHES) {
            entry.batches.removeFirst();
        }
    }

    int producerCount() {
        return producers.size();
    }

    private static int nextSequence(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }

    /** Where a producer's batch landed. */
    record Appended(int firstSequence, int lastSequence, long firstOffset, long lastOffset) {}

    private static final class Entry {
        private short epoch = -1;
        private final Deque<Appended> batches = new ArrayDeque<>();
    }
}
