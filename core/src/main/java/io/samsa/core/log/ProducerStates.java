package io.samsa.core.log;

import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.ControlRecordType;
import io.samsa.protocol.record.EndTransactionMarker;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per partition, what the broker knows of each idempotent or transactional producer: its epoch,
 * its last five batches, its open transaction and the coordinator epoch of its last marker. That
 * is enough to drop a retried batch (answering with where it landed the first time), to refuse
 * one that skips or reorders sequence numbers or comes from a fenced epoch, and to track where
 * transactions begin and end, as Kafka does. Written from the owning {@link Log}'s serialized
 * append path; synchronized because fetches and DescribeProducers read it from other threads.
 */
final class ProducerStates {
    /** Kafka clients keep at most five batches in flight per partition; that many are remembered. */
    static final int REMEMBERED_BATCHES = 5;
    private static final int MARKER_MAX_BYTES = 1024 * 1024;

    private final Map<Long, Entry> producers = new HashMap<>();
    private final TransactionIndex transactions = new TransactionIndex();
    /** Guards of producers whose first transactional write here is being verified (KIP-890 part 1). */
    private final Map<Long, VerificationGuard> verifications = new HashMap<>();

    TransactionIndex transactions() {
        return transactions;
    }

    /**
     * Checks an incoming batch (data or transaction marker) against its producer's state.
     *
     * @param fromCoordinator a batch the group coordinator writes for a producer (Kafka's coordinator
     *     append origin: transactional offset commits) carries no sequence numbers: only its epoch is checked
     * @return the earlier append if this batch is a retry of one of the last five, else empty
     * @throws ApiErrorException INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_TXN_STATE
     *     or TRANSACTION_COORDINATOR_FENCED
     */
    synchronized Optional<Appended> check(RecordBatch batch, VerificationGuard guard, boolean fromCoordinator) {
        if (!batch.hasProducerId()) {
            return Optional.empty();
        }
        if (batch.isControl()) {
            Optional<EndTransactionMarker> marker = marker(batch);
            if (marker.isPresent()) {
                checkMarker(batch.producerId(), batch.producerEpoch(), marker.get());
            }
            return Optional.empty();
        }
        if (guard != VerificationGuard.NONE && batch.isTransactional() && !hasOpenTransaction(batch.producerId())
                && verifications.get(batch.producerId()) != guard) {
            throw new ApiErrorException(ErrorCode.INVALID_TXN_STATE, "Transactional write of producer " + batch.producerId()
                    + " is not part of an ongoing transaction (its verification was superseded)");
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
        if (fromCoordinator) {
            return Optional.empty();
        }
        if (epoch > entry.epoch || entry.batches.isEmpty()) {
            // A new epoch starts its sequences at 0; so does the epoch a transaction marker bumped to.
            if (batch.baseSequence() != 0) {
                throw new ApiErrorException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "Invalid sequence number for new epoch of producer "
                        + batch.producerId() + ": " + epoch + " (request epoch), " + batch.baseSequence() + " (seq. number), "
                        + entry.epoch + " (current producer epoch)");
            }
        } else {
            for (Appended earlier : entry.batches) {
                if (earlier.firstSequence() == batch.baseSequence() && earlier.lastSequence() == batch.lastSequence()) {
                    return Optional.of(earlier);
                }
            }
            int last = entry.batches.getLast().lastSequence();
            if (batch.baseSequence() != nextSequence(last)) {
                throw new ApiErrorException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "Out of order sequence number for producer "
                        + batch.producerId() + " at offset " + batch.baseOffset() + " : " + batch.baseSequence()
                        + " (incoming seq. number), " + last + " (current end sequence number)");
            }
        }
        if (entry.txnFirstOffset >= 0 && !batch.isTransactional()) {
            throw new ApiErrorException(ErrorCode.INVALID_TXN_STATE, "Expected transactional write from producer "
                    + batch.producerId() + " at offset " + batch.baseOffset() + " in partition with an open transaction");
        }
        return Optional.empty();
    }

    private void checkMarker(long producerId, short epoch, EndTransactionMarker marker) {
        Entry entry = producers.get(producerId);
        if (entry == null) {
            return;
        }
        if (epoch < entry.epoch) {
            throw new ApiErrorException(ErrorCode.INVALID_PRODUCER_EPOCH, "Epoch of transaction marker of producer "
                    + producerId + " is " + epoch + ", which is smaller than the last seen epoch " + entry.epoch);
        }
        if (entry.coordinatorEpoch > marker.coordinatorEpoch()) {
            throw new ApiErrorException(ErrorCode.TRANSACTION_COORDINATOR_FENCED, "Transaction marker of producer " + producerId
                    + " has coordinator epoch " + marker.coordinatorEpoch() + ", below the last seen " + entry.coordinatorEpoch);
        }
    }

    /**
     * Remembers an appended batch (also used when rebuilding the state from the log): a data
     * batch's sequence range, and where a transaction begins (its first transactional batch) or
     * ends (its marker).
     */
    synchronized void record(RecordBatch batch, long firstOffset, long lastOffset) {
        if (!batch.hasProducerId()) {
            return;
        }
        long producerId = batch.producerId();
        if (batch.isControl()) {
            Optional<EndTransactionMarker> marker = marker(batch);
            if (marker.isPresent()) {
                Entry entry = producers.computeIfAbsent(producerId, id -> new Entry());
                endTransaction(producerId, entry, batch.producerEpoch(), marker.get(), firstOffset);
                entry.lastTimestamp = batch.maxTimestamp();
            }
            return;
        }
        Entry entry = producers.computeIfAbsent(producerId, id -> new Entry());
        entry.bumpEpoch(batch.producerEpoch());
        if (batch.baseSequence() != RecordBatch.NO_SEQUENCE) {
            // A batch without sequence numbers (a coordinator's) can be neither retried nor a sequence's end.
            entry.batches.addLast(new Appended(batch.baseSequence(), batch.lastSequence(), firstOffset, lastOffset));
            if (entry.batches.size() > REMEMBERED_BATCHES) {
                entry.batches.removeFirst();
            }
        }
        entry.lastTimestamp = batch.maxTimestamp();
        if (batch.isTransactional() && entry.txnFirstOffset < 0) {
            entry.txnFirstOffset = firstOffset;
            transactions.begin(producerId, firstOffset);
            verifications.remove(producerId);
        }
    }

    private void endTransaction(long producerId, Entry entry, short epoch, EndTransactionMarker marker, long markerOffset) {
        verifications.remove(producerId);
        // A marker with no data before it on this partition changes nothing readers see.
        if (entry.txnFirstOffset >= 0) {
            transactions.end(producerId, entry.txnFirstOffset, markerOffset, !marker.isCommit());
            entry.txnFirstOffset = -1;
        }
        // Markers may carry an epoch the coordinator bumped (KIP-890): it becomes the producer's.
        entry.bumpEpoch(epoch);
        entry.coordinatorEpoch = marker.coordinatorEpoch();
    }

    /**
     * A new guard for a producer's transactional write to be verified; NONE if its transaction is
     * already open here with that same epoch. A write with another epoch is verified, as Kafka
     * does: the coordinator, not this partition, knows whether that epoch is current.
     */
    synchronized VerificationGuard startVerification(long producerId, short producerEpoch) {
        Entry entry = producers.get(producerId);
        if (entry != null && entry.txnFirstOffset >= 0 && entry.epoch == producerEpoch) {
            return VerificationGuard.NONE;
        }
        // Pipelined writes of one producer share the guard (as Kafka's verification entry): a second
        // verification must not supersede the first while its write is still on the way.
        return verifications.computeIfAbsent(producerId, VerificationGuard::create);
    }

    synchronized boolean hasOpenTransaction(long producerId) {
        Entry entry = producers.get(producerId);
        return entry != null && entry.txnFirstOffset >= 0;
    }

    synchronized List<ProducerSnapshot> snapshot() {
        List<ProducerSnapshot> snapshot = new ArrayList<>(producers.size());
        producers.forEach((id, entry) -> snapshot.add(new ProducerSnapshot(id, entry.epoch,
                entry.batches.isEmpty() ? -1 : entry.batches.getLast().lastSequence(), entry.lastTimestamp,
                entry.coordinatorEpoch, entry.txnFirstOffset)));
        return snapshot;
    }

    synchronized int producerCount() {
        return producers.size();
    }

    /** The COMMIT or ABORT marker a control batch holds; empty for other control records. */
    private static Optional<EndTransactionMarker> marker(RecordBatch batch) {
        Iterator<Record> records = batch.iterator(MARKER_MAX_BYTES);
        if (!records.hasNext()) {
            return Optional.empty();
        }
        Record record = records.next();
        ControlRecordType type = ControlRecordType.parse(record.key());
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            return Optional.empty();
        }
        return Optional.of(EndTransactionMarker.read(record));
    }

    private static int nextSequence(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }

    /** Where a producer's batch landed. */
    record Appended(int firstSequence, int lastSequence, long firstOffset, long lastOffset) {}

    private static final class Entry {
        private short epoch = -1;
        private final Deque<Appended> batches = new ArrayDeque<>();
        private long txnFirstOffset = -1;
        private int coordinatorEpoch = -1;
        private long lastTimestamp = RecordBatch.NO_TIMESTAMP;

        /** A new epoch starts a new sequence: the old epoch's batches can no longer be retried. */
        void bumpEpoch(short newEpoch) {
            if (newEpoch != epoch) {
                epoch = newEpoch;
                batches.clear();
            }
        }
    }
}
