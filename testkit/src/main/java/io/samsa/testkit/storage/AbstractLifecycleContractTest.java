package io.samsa.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSettings;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.StorageCapability;
import io.samsa.api.storage.TopicPartitionId;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Storage conformance: the engine's logs over time. Opening, listing and deleting logs, data
 * surviving a restart or a crash, and recovery from a damaged tail (for which an engine says how
 * to damage its data through {@link #damageTail}).
 */
public abstract class AbstractLifecycleContractTest extends StorageEngineContractBase {
    /**
     * Appends {@code bytes} raw to the end of the stored data of {@code partition}, as a torn or
     * half-done write leaves it (e.g. to the last segment file). Called while the engine is stopped.
     * The default skips the cases that need it.
     */
    protected void damageTail(TopicPartitionId partition, byte[] bytes) throws IOException {
        Assumptions.abort("the engine does not say how to damage the end of its data");
    }

    // ---------------------------------------------------------------- durability and recovery

    @Test
    public void dataSurvivesARestart() {
        // Given
        PartitionLog log = open(smallUnitSettings());
        List<TestBatch> batches = appendUnitFillingBatches(log, 5);

        // When
        restart();

        // Then
        PartitionLog reopened = open(smallUnitSettings());
        assertThat(reopened.logStartOffset()).isZero();
        assertThat(reopened.logEndOffset()).isEqualTo(batches.get(4).nextOffset());
        assertThat(readAll(reopened, 0)).isEqualTo(TestBatch.concat(batches));
        TestBatch next = append(reopened, unitFillingBatch(reopened.logEndOffset(), 7));
        assertThat(readAll(reopened, next.baseOffset())).isEqualTo(next.bytes());
    }

    @Test
    public void flushedAppendsSurviveACrash() {
        assumeCapability(StorageCapability.DURABLE_FLUSH);
        // Given
        LogSettings flushEveryMessage = new LogSettings(1024 * 1024, Duration.ofDays(7).toMillis(), 1, Long.MAX_VALUE, 256);
        PartitionLog log = open(flushEveryMessage);
        TestBatch first = append(log, batch(0, 2));
        TestBatch second = append(log, batch(2, 2));
        await(log.flush());

        // When
        crash();

        // Then
        PartitionLog reopened = open(flushEveryMessage);
        assertThat(readAll(reopened, 0)).isEqualTo(TestBatch.concat(List.of(first, second)));
    }

    /** What a crash leaves after the last intact batch. */
    public enum TailDamage {
        GARBAGE,
        ZEROS,
        HALF_A_BATCH,
        BATCH_WITH_BAD_CHECKSUM
    }

    @ParameterizedTest
    @EnumSource(TailDamage.class)
    public void recoveryCutsADamagedTailAtTheLastIntactBatch(TailDamage damage) throws IOException {
        // Given
        PartitionLog log = open(settings());
        List<TestBatch> batches = List.of(append(log, batch(0, 2)), append(log, batch(2, 3)), append(log, batch(5, 1)));
        stopAbruptly(engine);
        engine = null;
        damageTail(partition, tailBytes(damage, batch(6, 4)));

        // When
        startAgain();
        PartitionLog recovered = open(settings());

        // Then
        assertThat(recovered.logEndOffset()).isEqualTo(6);
        assertThat(readAll(recovered, 0)).isEqualTo(TestBatch.concat(batches));
        TestBatch next = append(recovered, batch(6, 2));
        restart();
        assertThat(readAll(open(settings()), 0)).isEqualTo(TestBatch.concat(List.of(batches.get(0), batches.get(1),
                batches.get(2), next)));
    }

    private static byte[] tailBytes(TailDamage damage, TestBatch next) {
        return switch (damage) {
            case GARBAGE -> {
                byte[] garbage = new byte[333];
                new Random(42).nextBytes(garbage);
                yield garbage;
            }
            case ZEROS -> new byte[4096];
            case HALF_A_BATCH -> Arrays.copyOf(next.bytes(), next.sizeInBytes() / 2);
            case BATCH_WITH_BAD_CHECKSUM -> {
                byte[] bytes = next.bytes();
                bytes[bytes.length - 1] ^= 0x01;
                yield bytes;
            }
        };
    }

    // ---------------------------------------------------------------- the engine's logs

    @Test
    public void openingAnOpenLogReturnsTheSameInstance() {
        // Given
        CompletionStage<PartitionLog> first = engine.openLog(partition, settings());
        CompletionStage<PartitionLog> second = engine.openLog(partition, settings());

        // When
        PartitionLog log = await(first);

        // Then
        assertThat(await(second)).isSameAs(log);
        assertThat(await(engine.openLog(partition, settings()))).isSameAs(log);
        assertThat(log.id()).isEqualTo(partition);
    }

    @Test
    public void settingsGivenWhenOpeningAnOpenLogAgainTakeEffect() {
        // Given a log opened with large units: one unit holds everything
        PartitionLog log = open(settings());
        TestBatch first = append(log, unitFillingBatch(0, context.clock().millis()));

        // When it is opened again with small units (a topic's segment.bytes lowered) and written to
        assertThat(open(smallUnitSettings())).isSameAs(log);
        List<TestBatch> later = new ArrayList<>();
        long next = first.nextOffset();
        for (int i = 0; i < 4; i++) {
            TestBatch batch = append(log, unitFillingBatch(next, context.clock().millis()));
            later.add(batch);
            next = batch.nextOffset();
        }

        // Then the new unit size is in force: size retention can now drop whole older units
        long start = await(log.applyRetention(-1, log.sizeInBytes() / 2, context.clock().millis()));
        assertThat(start).isPositive();
        assertThat(readAll(log, start)).endsWith(TestBatch.concat(later.subList(2, 4)));
    }

    @Test
    public void listLogsNamesEveryLogWithDataOpenOrNot() {
        // Given
        TopicPartitionId other = new TopicPartitionId("payments", UUID.randomUUID(), 0);
        append(open(settings()), batch(0, 1));
        append(open(other, settings()), batch(0, 1));

        // When
        restart();

        // Then
        assertThat(await(engine.listLogs())).containsExactlyInAnyOrder(partition, other);
    }

    @Test
    public void deleteLogRemovesItsDataAndItsListing() {
        // Given
        TopicPartitionId other = new TopicPartitionId("payments", UUID.randomUUID(), 0);
        append(open(settings()), batch(0, 3));
        TestBatch kept = append(open(other, settings()), batch(0, 2));

        // When
        await(engine.deleteLog(partition));

        // Then
        assertThat(await(engine.listLogs())).containsExactly(other);
        PartitionLog reopened = open(settings());
        assertThat(reopened.logEndOffset()).isZero();
        assertThat(readAll(open(other, settings()), 0)).isEqualTo(kept.bytes());
        restart();
        assertThat(open(settings()).logEndOffset()).isZero();
    }

    @Test
    public void aRecreatedTopicWithTheSameNameStartsEmpty() {
        // Given
        append(open(settings()), batch(0, 3));
        await(engine.deleteLog(partition));
        TopicPartitionId recreated = new TopicPartitionId(partition.topic(), UUID.randomUUID(), partition.partition());

        // When
        PartitionLog log = open(recreated, settings());

        // Then
        assertThat(log.logEndOffset()).isZero();
        TestBatch batch = append(log, batch(0, 1));
        restart();
        assertThat(await(engine.listLogs())).containsExactly(recreated);
        assertThat(readAll(open(recreated, settings()), 0)).isEqualTo(batch.bytes());
    }
}
