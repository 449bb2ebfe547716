package io.samsa.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.api.storage.LogSlice;
import io.samsa.core.config.TopicConfig;
import io.samsa.core.server.Brokers;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.ControlRecordType;
import io.samsa.protocol.record.EndTransactionMarker;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class LogTransactionsTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final TopicConfig TOPIC = TopicConfig.resolve(Brokers.config(Map.of()).log(), Map.of());
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private final MemoryPartitionLog storage = new MemoryPartitionLog();
    private Log log = open();

    private Log open() {
        Log opened = new Log(storage, TOPIC, clock);
        opened.loadProducerState().toCompletableFuture().join();
        return opened;
    }

    private static RecordBatch batch(long producerId, short epoch, int sequence, boolean transactional, int records) {
        RecordBatchBuilder builder = new RecordBatchBuilder().transactional(transactional);
        if (producerId >= 0) {
            builder.producer(producerId, epoch, sequence);
        }
        for (int i = 0; i < records; i++) {
            builder.append(NOW, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        return RecordBatch.wrap(builder.build());
    }

    private Log.AppendResult append(long producerId, short epoch, int sequence, boolean transactional, int records) {
        return log.appendAsLeader(batch(producerId, epoch, sequence, transactional, records)).toCompletableFuture().join();
    }

    private Log.AppendResult marker(long producerId, short epoch, int coordinatorEpoch, boolean commit) {
        return log.appendTransactionMarker(producerId, epoch, coordinatorEpoch, commit).toCompletableFuture().join();
    }

    private static void assertError(ThrowingCallable call, ErrorCode error) {
        assertThatThrownBy(call).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(ApiErrorException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    private List<RecordBatch> readAll(boolean readCommitted) {
        try (LogSlice slice = log.read(0, Integer.MAX_VALUE, true, readCommitted).toCompletableFuture().join()) {
            return RecordBatch.readAll(LogSlices.copy(slice));
        }
    }

    @Test
    void anOpenTransactionHoldsTheLastStableOffsetUntilItsCommitMarker() {
        // Given
        assertThat(log.lastStableOffset()).isZero();
        append(7, (short) 0, 0, true, 3);
        append(-1, (short) -1, -1, false, 2);
        assertThat(log.highWatermark()).isEqualTo(5);
        assertThat(log.lastStableOffset()).isZero();
        assertThat(log.hasOpenTransaction(7)).isTrue();

        // When
        Log.AppendResult committed = marker(7, (short) 0, 3, true);

        // Then
        assertThat(committed.baseOffset()).isEqualTo(5);
        assertThat(committed.lastOffset()).isEqualTo(5);
        assertThat(log.highWatermark()).isEqualTo(6);
        assertThat(log.lastStableOffset()).isEqualTo(6);
        assertThat(log.hasOpenTransaction(7)).isFalse();
        assertThat(log.abortedTransactions(0, 6)).isEmpty();
    }

    @Test
    void theMarkerIsAControlBatchAsKafkaWritesIt() {
        // Given
        append(7, (short) 2, 0, true, 1);

        // When
        marker(7, (short) 2, 9, false);

        // Then
        RecordBatch written = readAll(false).getLast();
        assertThat(written.isControl()).isTrue();
        assertThat(written.isTransactional()).isTrue();
        assertThat(written.producerId()).isEqualTo(7);
        assertThat(written.producerEpoch()).isEqualTo((short) 2);
        assertThat(written.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
        assertThat(written.baseOffset()).isEqualTo(1);
        assertThat(written.isValid()).isTrue();
        List<Record> records = written.records(Integer.MAX_VALUE);
        assertThat(records).hasSize(1);
        assertThat(ControlRecordType.parse(records.getFirst().key())).isEqualTo(ControlRecordType.ABORT);
        assertThat(EndTransactionMarker.read(records.getFirst())).isEqualTo(EndTransactionMarker.abort(9));
        assertThat(records.getFirst().timestamp()).isEqualTo(NOW);
    }

    @Test
    void anAbortIsIndexedAndTheEarliestOpenTransactionBoundsTheLastStableOffset() {
        // Given: producer 1 writes 0-1, producer 2 writes 2, producer 1 aborts at 3
        append(1, (short) 0, 0, true, 2);
        append(2, (short) 0, 0, true, 1);
        marker(1, (short) 0, 0, false);

        // Then producer 2 still holds the LSO at its first offset
        assertThat(log.lastStableOffset()).isEqualTo(2);
        assertThat(log.abortedTransactions(0, 4)).containsExactly(new AbortedTransaction(1, 0));
        assertThat(log.abortedTransactions(3, 10)).containsExactly(new AbortedTransaction(1, 0));
        assertThat(log.abortedTransactions(4, 10)).isEmpty();
        assertThat(log.abortedTransactions(0, 0)).isEmpty();

        // When
        marker(2, (short) 0, 0, true);

        // Then
        assertThat(log.lastStableOffset()).isEqualTo(5).isEqualTo(log.highWatermark());
        assertThat(log.abortedTransactions(0, 5)).containsExactly(new AbortedTransaction(1, 0));
    }

    @Test
    void readCommittedStopsAtTheLastStableOffsetAndReadUncommittedAtTheHighWatermark() {
        // Given
        append(-1, (short) -1, -1, false, 2);
        append(5, (short) 0, 0, true, 2);
        append(-1, (short) -1, -1, false, 1);

        // Then
        assertThat(readAll(true)).extracting(RecordBatch::baseOffset).containsExactly(0L);
        assertThat(readAll(false)).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 4L);

        // When
        marker(5, (short) 0, 0, true);

        // Then
        assertThat(readAll(true)).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 4L, 5L);
    }

    @Test
    void aRestartRebuildsOpenAndAbortedTransactionsAndProducerStateFromTheLog() {
        // Given
        append(1, (short) 0, 0, true, 2);
        marker(1, (short) 0, 4, false);
        append(1, (short) 0, 2, true, 1);
        append(2, (short) 3, 0, true, 1);
        marker(1, (short) 1, 4, true);
        List<ProducerSnapshot> before = log.activeProducers();
        long lso = log.lastStableOffset();

        // When
        log = open();

        // Then
        assertThat(log.lastStableOffset()).isEqualTo(lso).isEqualTo(4);
        assertThat(log.hasOpenTransaction(2)).isTrue();
        assertThat(log.hasOpenTransaction(1)).isFalse();
        assertThat(log.abortedTransactions(0, 100)).containsExactly(new AbortedTransaction(1, 0));
        assertThat(log.activeProducers()).containsExactlyInAnyOrderElementsOf(before)
                .contains(new ProducerSnapshot(1, 1, -1, NOW, 4, -1), new ProducerSnapshot(2, 3, 0, NOW, -1, 4));
        // The epoch the marker bumped to is kept: the old epoch is fenced, the new one starts at sequence 0.
        assertError(() -> append(1, (short) 0, 3, true, 1), ErrorCode.INVALID_PRODUCER_EPOCH);
        assertError(() -> append(1, (short) 1, 5, true, 1), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(append(1, (short) 1, 0, true, 1).baseOffset()).isEqualTo(6);
    }

    @Test
    void aMarkerFromAnOlderEpochOrCoordinatorIsRefusedAndChangesNothing() {
        // Given
        append(1, (short) 3, 0, true, 1);
        marker(1, (short) 3, 5, true);
        append(1, (short) 3, 1, true, 1);

        // Then
        assertError(() -> marker(1, (short) 2, 5, false), ErrorCode.INVALID_PRODUCER_EPOCH);
        assertError(() -> marker(1, (short) 3, 4, false), ErrorCode.TRANSACTION_COORDINATOR_FENCED);
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.hasOpenTransaction(1)).isTrue();
        assertThat(log.lastStableOffset()).isEqualTo(2);
        // A later write still goes through once the refused marker is out of the way.
        assertThat(marker(1, (short) 4, 5, false).baseOffset()).isEqualTo(3);
    }

    @Test
    void aNonTransactionalWriteInsideAnOpenTransactionIsInvalidTxnState() {
        // Given
        append(1, (short) 0, 0, true, 1);

        // Then
        assertError(() -> append(1, (short) 0, 1, false, 1), ErrorCode.INVALID_TXN_STATE);
        marker(1, (short) 0, 0, true);
        assertThat(append(1, (short) 0, 1, false, 1).baseOffset()).isEqualTo(2);
    }

    @Test
    void idempotentProducersKeepTheirSequenceRulesAndHaveNoTransaction() {
        // Given
        Log.AppendResult first = append(3, (short) 0, 0, false, 2);

        // Then
        assertThat(append(3, (short) 0, 0, false, 2).baseOffset()).isEqualTo(first.baseOffset());
        assertError(() -> append(3, (short) 0, 5, false, 1), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(append(3, (short) 0, 2, false, 1).baseOffset()).isEqualTo(2);
        assertThat(log.lastStableOffset()).isEqualTo(log.highWatermark()).isEqualTo(3);
        assertThat(log.activeProducers()).containsExactly(new ProducerSnapshot(3, 0, 2, NOW, -1, -1));
    }

    @Test
    void appendListenersHearTheMarkerThatMovesTheLastStableOffset() {
        // Given
        append(1, (short) 0, 0, true, 1);
        AtomicInteger heard = new AtomicInteger();
        List<Long> stableWhenHeard = new ArrayList<>();
        log.onAppend(() -> {
            heard.incrementAndGet();
            stableWhenHeard.add(log.lastStableOffset());
        });

        // When
        marker(1, (short) 0, 0, true);

        // Then
        assertThat(heard).hasValue(1);
        assertThat(stableWhenHeard).containsExactly(2L);
    }

    @Test
    void deletingRecordsForgetsAbortedTransactionsThatEndedBelowTheNewStart() {
        // Given
        append(1, (short) 0, 0, true, 1);
        marker(1, (short) 0, 0, false);
        append(2, (short) 0, 0, true, 1);
        marker(2, (short) 0, 0, false);

        // When
        long start = log.deleteRecordsBefore(2).toCompletableFuture().join();

        // Then
        assertThat(start).isEqualTo(2);
        assertThat(log.abortedTransactions(0, 10)).containsExactly(new AbortedTransaction(2, 2));
    }

    @Test
    void theLastStableOffsetNeverFallsBelowTheLogStart() {
        // Given
        append(1, (short) 0, 0, true, 1);
        append(-1, (short) -1, -1, false, 1);

        // When
        log.deleteRecordsBefore(1).toCompletableFuture().join();

        // Then
        assertThat(log.lastStableOffset()).isEqualTo(1);
    }

    @Test
    void aVerifiedWriteIsRefusedWhenAMarkerSupersededItsGuard() {
        // Given: verification of producer 1's first write starts, then an abort marker ends its transaction
        VerificationGuard stale = log.startTransactionVerification(1, (short) 0);
        marker(1, (short) 0, 0, false);

        // Then the late write cannot open a transaction no marker would end
        assertError(() -> log.appendAsLeader(batch(1, (short) 0, 0, true, 1), stale).toCompletableFuture().join(),
                ErrorCode.INVALID_TXN_STATE);
        assertThat(log.hasOpenTransaction(1)).isFalse();

        // When verification runs again
        VerificationGuard fresh = log.startTransactionVerification(1, (short) 0);
        long offset = log.appendAsLeader(batch(1, (short) 0, 0, true, 1), fresh).toCompletableFuture().join().baseOffset();

        // Then
        assertThat(offset).isEqualTo(1);
        assertThat(log.hasOpenTransaction(1)).isTrue();
        assertThat(log.startTransactionVerification(1, (short) 0)).isSameAs(VerificationGuard.NONE);
        assertThat(log.appendAsLeader(batch(1, (short) 0, 1, true, 1), VerificationGuard.NONE).toCompletableFuture().join()
                .baseOffset()).isEqualTo(2);
    }

    @Test
    void aWriteWithAnotherEpochThanTheOpenTransactionsIsVerified() {
        // Given producer 1's transaction open here with epoch 0
        log.appendAsLeader(batch(1, (short) 0, 0, true, 1), log.startTransactionVerification(1, (short) 0))
                .toCompletableFuture().join();

        // Then a write of epoch 1 is not taken as part of it: the coordinator must say whether epoch 1 is current
        assertThat(log.startTransactionVerification(1, (short) 0)).isSameAs(VerificationGuard.NONE);
        assertThat(log.startTransactionVerification(1, (short) 1)).isNotSameAs(VerificationGuard.NONE);
    }

    @Test
    void pipelinedFirstWritesOfAProducerShareOneVerification() {
        // Given two writes of producer 1 whose verifications both start before either is appended
        VerificationGuard first = log.startTransactionVerification(1, (short) 0);
        VerificationGuard second = log.startTransactionVerification(1, (short) 0);

        // When both are appended in order
        log.appendAsLeader(batch(1, (short) 0, 0, true, 1), first).toCompletableFuture().join();
        long offset = log.appendAsLeader(batch(1, (short) 0, 1, true, 1), second).toCompletableFuture().join().baseOffset();

        // Then neither superseded the other
        assertThat(second).isSameAs(first);
        assertThat(offset).isEqualTo(1);
    }
}
