package io.samsa.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.core.config.TopicConfig;
import io.samsa.core.server.Brokers;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Transactional batches the group coordinator writes for a producer (TxnOffsetCommit): no sequence numbers, epoch checked. */
class LogCoordinatorAppendTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final TopicConfig TOPIC = TopicConfig.resolve(Brokers.config(Map.of()).log(), Map.of());
    private final Log log = new Log(new MemoryPartitionLog(), TOPIC, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private static RecordBatch offsetsBatch(long producerId, short epoch) {
        return RecordBatch.wrap(new RecordBatchBuilder().producer(producerId, epoch, RecordBatch.NO_SEQUENCE).transactional(true)
                .append(NOW, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8)).build());
    }

    private static void assertError(Runnable call, ErrorCode error) {
        assertThatThrownBy(call::run).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(ApiErrorException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void everyCoordinatorBatchIsStoredInTheProducersTransactionAndOnlyItsEpochIsChecked() {
        log.loadProducerState().toCompletableFuture().join();
        // When the coordinator writes twice for the same producer and epoch (no sequence numbers)
        assertThat(log.appendAsCoordinator(offsetsBatch(9, (short) 2)).toCompletableFuture().join().baseOffset()).isZero();
        assertThat(log.appendAsCoordinator(offsetsBatch(9, (short) 2)).toCompletableFuture().join().baseOffset()).isEqualTo(1);
        // Then both are stored (neither is taken for a retry) and hold the last stable offset
        assertThat(log.highWatermark()).isEqualTo(2);
        assertThat(log.lastStableOffset()).isZero();
        log.appendTransactionMarker(9, (short) 2, 0, true).toCompletableFuture().join();
        assertThat(log.lastStableOffset()).isEqualTo(3);
        // An older epoch is fenced
        assertError(() -> log.appendAsCoordinator(offsetsBatch(9, (short) 1)).toCompletableFuture().join(),
                ErrorCode.INVALID_PRODUCER_EPOCH);
        // A client's batch without sequence numbers still fails the sequence check
        assertError(() -> log.appendAsLeader(offsetsBatch(9, (short) 2)).toCompletableFuture().join(),
                ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }
}
