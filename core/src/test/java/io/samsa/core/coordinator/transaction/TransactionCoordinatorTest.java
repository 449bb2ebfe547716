package io.samsa.core.coordinator.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.core.config.TransactionConfig;
import io.samsa.core.coordinator.group.ManualTimer;
import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.coordinator.transaction.RecordingMarkerWriter.Marker;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's state machine on a manual clock and timer, a direct executor, an in-memory
 * store and a recording marker writer: every transition, marker and timeout is observable.
 */
class TransactionCoordinatorTest {
    private static final String ID = "txn-1";
    private static final int TIMEOUT_MS = 60_000;
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition B0 = new TopicPartition("b", 0);
    private static final TransactionConfig CONFIG = new TransactionConfig(50, 104_857_600, 900_000, 3_600_000, 10_000, 600_000);

    private final ManualTimer timer = new ManualTimer();
    private final MemoryTransactionStore store = new MemoryTransactionStore();
    private final RecordingMarkerWriter markers = new RecordingMarkerWriter();
    private long nextProducerId = 1000;
    private TransactionCoordinator coordinator = newCoordinator();

    private TransactionCoordinator newCoordinator() {
        TransactionCoordinator created = new TransactionCoordinator(CONFIG, timer, timer, store, markers,
                () -> CompletableFuture.completedFuture(nextProducerId++), Runnable::run);
        created.start().toCompletableFuture().join();
        return created;
    }

    private InitProducerIdResult init(String id) {
        return coordinator.initProducerId(id, TIMEOUT_MS, -1, (short) -1).join();
    }

    private ErrorCode add(InitProducerIdResult producer, TopicPartition... partitions) {
        return coordinator.addPartitions(ID, producer.producerId(), producer.producerEpoch(), Set.of(partitions)).join();
    }

    private ErrorCode end(InitProducerIdResult producer, boolean commit) {
        return coordinator.endTransaction(ID, producer.producerId(), producer.producerEpoch(), commit).join();
    }

    private TransactionMetadata describe() {
        return coordinator.describe(List.of(ID)).join().get(ID);
    }

    @Test
    void aNewTransactionalIdGetsANewProducerIdAtEpochZeroAndEachInitBumpsTheEpoch() {
        // When
        InitProducerIdResult first = init(ID);
        InitProducerIdResult second = init(ID);
        // Then
        assertThat(first).isEqualTo(new InitProducerIdResult(ErrorCode.NONE, 1000, (short) 0));
        assertThat(second).isEqualTo(new InitProducerIdResult(ErrorCode.NONE, 1000, (short) 1));
        assertThat(describe().state()).isEqualTo(TransactionState.EMPTY);
        assertThat(store.states(ID)).containsExactly(TransactionState.EMPTY, TransactionState.EMPTY);
    }

    @Test
    void aTimeoutAboveTheMaximumOrNotPositiveIsInvalid() {
        assertThat(coordinator.initProducerId(ID, 900_001, -1, (short) -1).join().error())
                .isEqualTo(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
        assertThat(coordinator.initProducerId(ID, 0, -1, (short) -1).join().error())
                .isEqualTo(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
        assertThat(coordinator.initProducerId(ID, 900_000, -1, (short) -1).join().error()).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void addPartitionsChecksTheProducerIdAndEpoch() {
        // Given
        InitProducerIdResult producer = init(ID);
        // Then
        assertThat(coordinator.addPartitions("unknown", producer.producerId(), producer.producerEpoch(), Set.of(A0)).join())
                .isEqualTo(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
        assertThat(coordinator.addPartitions(ID, 7, producer.producerEpoch(), Set.of(A0)).join())
                .isEqualTo(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
        assertThat(coordinator.addPartitions(ID, producer.producerId(), (short) 5, Set.of(A0)).join())
                .isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(add(producer, A0, B0)).isEqualTo(ErrorCode.NONE);
        assertThat(add(producer, A0)).isEqualTo(ErrorCode.NONE);
        assertThat(add(producer, A1)).isEqualTo(ErrorCode.NONE);
        assertThat(describe().state()).isEqualTo(TransactionState.ONGOING);
        assertThat(describe().partitions()).containsExactlyInAnyOrder(A0, A1, B0);
        assertThat(describe().txnStartTimestamp()).isEqualTo(timer.millis());
    }

    @Test
    void commitIsAnsweredOncePreparedThenMarkersGoToEveryPartitionThenItCompletes() {
        // Given
        InitProducerIdResult producer = init(ID);
        add(producer, A0, B0);
        markers.hold();
        // When
        ErrorCode ended = end(producer, true);
        // Then: answered while the markers are still being written, and the id is busy meanwhile
        assertThat(ended).isEqualTo(ErrorCode.NONE);
        assertThat(describe().state()).isEqualTo(TransactionState.PREPARE_COMMIT);
        assertThat(markers.written).containsExactlyInAnyOrder(new Marker(A0, 1000, (short) 0, true),
                new Marker(B0, 1000, (short) 0, true));
        assertThat(add(producer, A1)).isEqualTo(ErrorCode.CONCURRENT_TRANSACTIONS);
        assertThat(init(ID).error()).isEqualTo(ErrorCode.CONCURRENT_TRANSACTIONS);
        assertThat(end(producer, true)).isEqualTo(ErrorCode.CONCURRENT_TRANSACTIONS);
        // the opposite outcome too: Kafka 4.3.1 answers it CONCURRENT_TRANSACTIONS while markers are pending
        assertThat(end(producer, false)).isEqualTo(ErrorCode.CONCURRENT_TRANSACTIONS);
        // When the markers are written
        markers.release();
        // Then
        assertThat(describe().state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(describe().partitions()).isEmpty();
        assertThat(store.states(ID)).containsExactly(TransactionState.EMPTY, TransactionState.ONGOING,
                TransactionState.PREPARE_COMMIT, TransactionState.COMPLETE_COMMIT);
        // And a retried commit is answered as done; a new transaction may start
        assertThat(end(producer, true)).isEqualTo(ErrorCode.NONE);
        assertThat(end(producer, false)).isEqualTo(ErrorCode.INVALID_TXN_STATE);
        assertThat(add(producer, A1)).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void whileAbortMarkersAreWrittenEitherEndTxnIsToldToRetry() {
        InitProducerIdResult producer = init(ID);
        add(producer, A0);
        markers.hold();
        assertThat(end(producer, false)).isEqualTo(ErrorCode.NONE);
        assertThat(end(producer, false)).isEqualTo(ErrorCode.CONCURRENT_TRANSACTIONS);
        assertThat(end(producer, true)).isEqualTo(ErrorCode.CONCURRENT_TRANSACTIONS);
        markers.release();
        assertThat(end(producer, false)).isEqualTo(ErrorCode.NONE);
        assertThat(end(producer, true)).isEqualTo(ErrorCode.INVALID_TXN_STATE);
    }

    @Test
    void abortWritesAbortMarkers() {
        InitProducerIdResult producer = init(ID);
        add(producer, A0);
        assertThat(end(producer, false)).isEqualTo(ErrorCode.NONE);
        assertThat(markers.written).containsExactly(new Marker(A0, 1000, (short) 0, false));
        assertThat(describe().state()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void endTxnWithoutATransactionOrFromAnotherEpochFails() {
        InitProducerIdResult producer = init(ID);
        assertThat(end(producer, true)).isEqualTo(ErrorCode.INVALID_TXN_STATE);
        assertThat(coordinator.endTransaction(ID, producer.producerId(), (short) 3, true).join())
                .isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(coordinator.endTransaction(ID, 1, (short) 0, true).join()).isEqualTo(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
        assertThat(coordinator.endTransaction("other", 1, (short) 0, true).join())
                .isEqualTo(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    }

    @Test
    void initDuringAnOpenTransactionAbortsItFencingTheOldProducer() {
        // Given a producer with an open transaction
        InitProducerIdResult zombie = init(ID);
        add(zombie, A0, B0);
        markers.hold();
        // When a new instance initializes
        InitProducerIdResult retry = init(ID);
        // Then it is told to retry, and the open transaction is aborted with a bumped epoch
        assertThat(retry.error()).isEqualTo(ErrorCode.CONCURRENT_TRANSACTIONS);
        assertThat(markers.written).containsExactlyInAnyOrder(new Marker(A0, 1000, (short) 1, false),
                new Marker(B0, 1000, (short) 1, false));
        assertThat(init(ID).error()).isEqualTo(ErrorCode.CONCURRENT_TRANSACTIONS);
        markers.release();
        // And once aborted, the new instance gets the next epoch; the old one is fenced
        assertThat(init(ID)).isEqualTo(new InitProducerIdResult(ErrorCode.NONE, 1000, (short) 2));
        assertThat(end(zombie, true)).isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(add(zombie, A1)).isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(store.states(ID)).containsExactly(TransactionState.EMPTY, TransactionState.ONGOING,
                TransactionState.PREPARE_ABORT, TransactionState.COMPLETE_ABORT, TransactionState.EMPTY);
    }

    @Test
    void aTransactionOpenBeyondItsTimeoutIsAbortedAndItsProducerFenced() {
        // Given
        InitProducerIdResult producer = init(ID);
        add(producer, A0);
        // When less than the timeout passes, nothing happens
        timer.advance(TIMEOUT_MS - 1);
        assertThat(describe().state()).isEqualTo(TransactionState.ONGOING);
        // When the timeout has passed and a check runs after that
        timer.advance(CONFIG.abortTimedOutIntervalMs() + 1);
        // Then
        assertThat(describe().state()).isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(describe().producerEpoch()).isEqualTo((short) 1);
        assertThat(markers.written).containsExactly(new Marker(A0, 1000, (short) 1, false));
        assertThat(end(producer, true)).isEqualTo(ErrorCode.PRODUCER_FENCED);
    }

    @Test
    void aRestartedCoordinatorCompletesPreparedTransactionsAndKeepsOpenOnesTimeouts() {
        // Given a prepared transaction whose markers were never written and an open one
        InitProducerIdResult prepared = init(ID);
        add(prepared, A0);
        markers.failWith(new ApiErrorException(ErrorCode.KAFKA_STORAGE_ERROR, "disk"));
        end(prepared, true);
        InitProducerIdResult open = init("txn-2");
        coordinator.addPartitions("txn-2", open.producerId(), open.producerEpoch(), Set.of(B0)).join();
        coordinator.close();
        markers.failWith(null);
        markers.written.clear();
        // When a new coordinator replays the store
        coordinator = newCoordinator();
        // Then the prepared one is completed, the open one stays open until its timeout
        assertThat(markers.written).contains(new Marker(A0, 1000, (short) 0, true));
        assertThat(describe().state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(coordinator.describe(List.of("txn-2")).join().get("txn-2").state()).isEqualTo(TransactionState.ONGOING);
        timer.advance(TIMEOUT_MS + CONFIG.abortTimedOutIntervalMs());
        assertThat(coordinator.describe(List.of("txn-2")).join().get("txn-2").state())
                .isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(markers.written).contains(new Marker(B0, 1001, (short) 1, false));
    }

    @Test
    void failedMarkersAreRetriedUntilWritten() {
        InitProducerIdResult producer = init(ID);
        add(producer, A0);
        markers.failWith(new ApiErrorException(ErrorCode.KAFKA_STORAGE_ERROR, "disk"));
        assertThat(end(producer, false)).isEqualTo(ErrorCode.NONE);
        timer.advance(1000);
        assertThat(describe().state()).isEqualTo(TransactionState.PREPARE_ABORT);
        markers.failWith(null);
        timer.advance(TransactionCompleter.MAX_RETRY_BACKOFF_MS);
        assertThat(describe().state()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void aCompletionThatCannotBeWrittenIsRetried() {
        InitProducerIdResult producer = init(ID);
        add(producer, A0);
        markers.hold();
        assertThat(end(producer, true)).isEqualTo(ErrorCode.NONE);
        store.failWith(new ApiErrorException(ErrorCode.KAFKA_STORAGE_ERROR, "disk"));
        markers.release();
        timer.advance(1000);
        assertThat(describe().state()).isEqualTo(TransactionState.PREPARE_COMMIT);
        store.failWith(null);
        timer.advance(TransactionCompleter.MAX_RETRY_BACKOFF_MS);
        assertThat(describe().state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void markersForPartitionsThatNoLongerExistAreSkipped() {
        InitProducerIdResult producer = init(ID);
        add(producer, A0);
        markers.failWith(new ApiErrorException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "gone"));
        assertThat(end(producer, true)).isEqualTo(ErrorCode.NONE);
        assertThat(describe().state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void aStoreFailureLeavesTheStateAsItWas() {
        InitProducerIdResult producer = init(ID);
        store.failWith(new ApiErrorException(ErrorCode.NOT_LEADER_OR_FOLLOWER, "moved"));
        assertThat(add(producer, A0)).isEqualTo(ErrorCode.NOT_COORDINATOR);
        assertThat(describe().state()).isEqualTo(TransactionState.EMPTY);
        store.failWith(null);
        assertThat(add(producer, A0)).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void aProducerRecoveringWithItsOwnIdAndEpochGetsTheNextEpochOrIsFenced() {
        // Given
        InitProducerIdResult producer = init(ID);
        // When it names its current id and epoch (KIP-360)
        InitProducerIdResult bumped = coordinator.initProducerId(ID, TIMEOUT_MS, producer.producerId(),
                producer.producerEpoch()).join();
        // Then
        assertThat(bumped).isEqualTo(new InitProducerIdResult(ErrorCode.NONE, 1000, (short) 1));
        // And a retry of the same request (its answer lost) gets the same epoch again
        assertThat(coordinator.initProducerId(ID, TIMEOUT_MS, producer.producerId(), producer.producerEpoch()).join())
                .isEqualTo(bumped);
        // But an older epoch, or another producer id, is fenced
        assertThat(coordinator.initProducerId(ID, TIMEOUT_MS, 1000, (short) 7).join().error())
                .isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(coordinator.initProducerId(ID, TIMEOUT_MS, 55, (short) 1).join().error())
                .isEqualTo(ErrorCode.PRODUCER_FENCED);
    }

    @Test
    void anExhaustedEpochRotatesToANewProducerId() {
        // Given an id whose epoch is at the limit (as after 32766 initializations)
        store.append(ID, new TransactionMetadata(ID, 1000, -1, (short) (Short.MAX_VALUE - 1), (short) -1, TIMEOUT_MS,
                TransactionState.COMPLETE_COMMIT, Set.of(), 1, 1));
        coordinator = newCoordinator();
        // When
        InitProducerIdResult rotated = init(ID);
        // Then
        assertThat(rotated).isEqualTo(new InitProducerIdResult(ErrorCode.NONE, 1000 + 0, (short) 0));
        assertThat(describe().lastProducerId()).isEqualTo(1000);
    }

    @Test
    void idleTransactionalIdsExpire() {
        // Given
        init(ID);
        // When
        timer.advance(CONFIG.transactionalIdExpirationMs() + CONFIG.removeExpiredIntervalMs());
        // Then
        assertThat(coordinator.describe(List.of(ID)).join()).isEmpty();
        assertThat(store.states(ID)).last().isNull();
        coordinator = newCoordinator();
        assertThat(coordinator.describe(List.of(ID)).join()).isEmpty();
    }

    @Test
    void verificationAnswersPerPartition() {
        InitProducerIdResult producer = init(ID);
        add(producer, A0);
        assertThat(coordinator.verifyPartitions(ID, producer.producerId(), producer.producerEpoch(), List.of(A0, B0)).join())
                .isEqualTo(Map.of(A0, ErrorCode.NONE, B0, ErrorCode.TRANSACTION_ABORTABLE));
        assertThat(coordinator.verifyPartitions(ID, producer.producerId(), (short) 9, List.of(A0)).join())
                .isEqualTo(Map.of(A0, ErrorCode.PRODUCER_FENCED));
    }

    @Test
    void listFiltersAndSkipsNothingLive() {
        init(ID);
        InitProducerIdResult other = init("txn-2");
        coordinator.addPartitions("txn-2", other.producerId(), other.producerEpoch(), Set.of(A0)).join();
        assertThat(coordinator.list(metadata -> true).join()).extracting(TransactionMetadata::transactionalId)
                .containsExactlyInAnyOrder(ID, "txn-2");
        assertThat(coordinator.list(metadata -> metadata.state() == TransactionState.ONGOING).join())
                .extracting(TransactionMetadata::transactionalId).containsExactly("txn-2");
    }
}
