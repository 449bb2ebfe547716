package io.samsa.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSettings;
import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.OffsetOutOfRangeException;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.StorageCapability;
import io.samsa.api.storage.StorageContext;
import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.TopicPartitionId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The storage conformance suite: what every {@link StorageEngine} must do, as the SPI's javadoc
 * states it. A plugin subclasses it in its tests and implements {@link #createEngine}; the
 * other hooks let an engine say how to stop it like a crash and how to damage the end of its
 * stored data. Cases that need an optional behaviour are skipped unless the engine's
 * {@link StorageEngine#capabilities()} include it.
 *
 * <p>Each test gets a fresh {@link TestStorageContext} over a temporary directory: a clock that
 * only moves when the test moves it, and a pool the test can pause.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractStorageEngineContractTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The unit size {@link #smallUnitSettings()} asks for; {@link #unitFillingBatch} is more than half of it. */
    protected static final int SMALL_UNIT_BYTES = 1024;

    private static final int UNIT_FILLING_VALUE_BYTES = 600;

    @TempDir
    protected Path tempDir;

    protected TestStorageContext context;
    protected StorageEngine engine;

    private final TopicPartitionId partition = new TopicPartitionId("orders", UUID.randomUUID(), 3);

    /** Builds (does not start) the engine under test. Called again for every restart, with the same context. */
    protected abstract StorageEngine createEngine(StorageContext context);

    /** The data directories the context hands to the engine. */
    protected List<Path> dataDirectories(Path tempDir) {
        return List.of(tempDir.resolve("data"));
    }

    /** Roomy settings: every test batch of a case fits into one unit of storage (segment). */
    protected LogSettings settings() {
        return new LogSettings(1024 * 1024, Duration.ofDays(7).toMillis(), Long.MAX_VALUE, Long.MAX_VALUE, 256);
    }

    /**
     * Settings under which each {@link #unitFillingBatch} ends up in a unit of storage of its own,
     * for the cases about units (retention, reads across units).
     */
    protected LogSettings smallUnitSettings() {
        return new LogSettings(SMALL_UNIT_BYTES, Duration.ofDays(7).toMillis(), Long.MAX_VALUE, Long.MAX_VALUE, 128);
    }

    /** Stops the engine the way a killed process would leave it. The default closes it cleanly. */
    protected void stopAbruptly(StorageEngine engine) {
        engine.close();
    }

    /**
     * Appends {@code bytes} raw to the end of the stored data of {@code partition}, as a torn or
     * half-done write leaves it (e.g. to the last segment file). Called while the engine is stopped.
     * The default skips the cases that need it.
     */
    protected void damageTail(TopicPartitionId partition, byte[] bytes) throws IOException {
        Assumptions.abort("the engine does not say how to damage the end of its data");
    }

    @BeforeEach
    final void startEngine() {
        context = new TestStorageContext(dataDirectories(tempDir));
        engine = createEngine(context);
        await(engine.start());
    }

    @AfterEach
    final void stopEngine() {
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            context.close();
        }
    }

    // ---------------------------------------------------------------- append and read

    @Test
    public void readReturnsAppendedBatchesByteForByte() {
        // Given
        PartitionLog log = open(settings());
        TestBatch first = batch(0, 3);
        TestBatch second = batch(3, 2);

        // When
        append(log, first);
        append(log, second);

        // Then
        assertThat(log.logStartOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(5);
        try (LogSlice slice = read(log, 0, Integer.MAX_VALUE)) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(TestBatch.concat(List.of(first, second)));
            assertThat(slice.sizeInBytes()).isEqualTo(first.sizeInBytes() + second.sizeInBytes());
            assertThat(slice.nextOffset()).isEqualTo(5);
        }
        assertThat(log.sizeInBytes()).isGreaterThanOrEqualTo(first.sizeInBytes() + second.sizeInBytes());
    }

    @Test
    public void appendDoesNotKeepTheCallersBuffer() {
        // Given
        PartitionLog log = open(settings());
        TestBatch batch = batch(0, 2);
        ByteBuffer buffer = batch.buffer();

        // When
        await(log.append(buffer, batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp()));
        Arrays.fill(buffer.array(), (byte) 0x5A);

        // Then
        assertThat(readAll(log, 0)).isEqualTo(batch.bytes());
    }

    @Test
    public void appendOfSeveralBatchesAtOnceStoresEachBatch() {
        // Given
        PartitionLog log = open(settings());
        List<TestBatch> batches = List.of(batch(0, 2), batch(2, 3), batch(5, 1));

        // When
        await(log.append(ByteBuffer.wrap(TestBatch.concat(batches)), 0, 5, batches.get(2).maxTimestamp()));

        // Then
        assertThat(log.logEndOffset()).isEqualTo(6);
        try (LogSlice slice = read(log, 3, Integer.MAX_VALUE)) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(TestBatch.concat(batches.subList(1, 3)));
            assertThat(slice.nextOffset()).isEqualTo(6);
        }
        try (LogSlice slice = read(log, 5, Integer.MAX_VALUE)) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(batches.get(2).bytes());
        }
    }

    @Test
    public void readFromInsideABatchReturnsTheWholeBatch() {
        // Given
        PartitionLog log = open(settings());
        TestBatch first = append(log, batch(0, 5));
        TestBatch second = append(log, batch(5, 5));

        // When
        try (LogSlice slice = read(log, 7, Integer.MAX_VALUE)) {
            // Then
            assertThat(LogSlices.bytes(slice)).isEqualTo(second.bytes());
            assertThat(slice.nextOffset()).isEqualTo(10);
        }
        try (LogSlice slice = read(log, 4, first.sizeInBytes())) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(first.bytes());
            assertThat(slice.nextOffset()).isEqualTo(5);
        }
    }

    @Test
    public void readStopsAtMaxBytesWithWholeBatches() {
        // Given
        PartitionLog log = open(settings());
        TestBatch first = append(log, batch(0, 2));
        TestBatch second = append(log, batch(2, 2));
        append(log, batch(4, 2));
        int twoAndAHalf = first.sizeInBytes() + second.sizeInBytes() + second.sizeInBytes() / 2;

        // When
        try (LogSlice slice = read(log, 0, twoAndAHalf)) {
            // Then
            assertThat(LogSlices.bytes(slice)).isEqualTo(TestBatch.concat(List.of(first, second)));
            assertThat(slice.nextOffset()).isEqualTo(4);
        }
    }

    @Test
    public void anOversizedFirstBatchIsReturnedWholeOnlyWithMinOneBatch() {
        // Given
        PartitionLog log = open(settings());
        TestBatch first = append(log, batch(0, 3));
        append(log, batch(3, 3));
        int tooFew = first.sizeInBytes() - 1;

        // When
        LogSlice withMinOne = await(log.read(0, tooFew, Long.MAX_VALUE, true));
        LogSlice withoutMinOne = await(log.read(0, tooFew, Long.MAX_VALUE, false));

        // Then
        try (withMinOne; withoutMinOne) {
            assertThat(LogSlices.bytes(withMinOne)).isEqualTo(first.bytes());
            assertThat(withMinOne.nextOffset()).isEqualTo(3);
            assertThat(withoutMinOne.sizeInBytes()).isZero();
        }
    }

    @Test
    public void readLeavesOutBatchesAtOrPastMaxOffset() {
        // Given
        PartitionLog log = open(settings());
        TestBatch first = append(log, batch(0, 3));
        TestBatch second = append(log, batch(3, 3));
        append(log, batch(6, 3));

        // When
        LogSlice upToSecondsLast = await(log.read(0, Integer.MAX_VALUE, second.lastOffset(), true));
        LogSlice pastSecond = await(log.read(0, Integer.MAX_VALUE, second.nextOffset(), true));
        LogSlice nothing = await(log.read(0, Integer.MAX_VALUE, first.lastOffset(), true));

        // Then
        try (upToSecondsLast; pastSecond; nothing) {
            assertThat(LogSlices.bytes(upToSecondsLast)).isEqualTo(first.bytes());
            assertThat(LogSlices.bytes(pastSecond)).isEqualTo(TestBatch.concat(List.of(first, second)));
            assertThat(nothing.sizeInBytes()).isZero();
        }
    }

    @Test
    public void readAtTheLogEndIsEmpty() {
        // Given
        PartitionLog log = open(settings());

        // When
        LogSlice emptyLog = await(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true));
        append(log, batch(0, 4));
        LogSlice atEnd = await(log.read(4, Integer.MAX_VALUE, Long.MAX_VALUE, true));

        // Then
        try (emptyLog; atEnd) {
            assertThat(emptyLog.sizeInBytes()).isZero();
            assertThat(LogSlices.bytes(emptyLog)).isEmpty();
            assertThat(atEnd.sizeInBytes()).isZero();
            assertThat(atEnd.nextOffset()).isEqualTo(4);
        }
    }

    @Test
    public void readOutsideTheLogFailsWithOffsetOutOfRange() {
        // Given
        PartitionLog log = open(smallUnitSettings());
        appendUnitFillingBatches(log, 3);
        await(log.deleteBefore(2));

        // When / Then
        assertThat(failure(log.read(1, Integer.MAX_VALUE, Long.MAX_VALUE, true)))
                .isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(failure(log.read(log.logEndOffset() + 1, Integer.MAX_VALUE, Long.MAX_VALUE, true)))
                .isInstanceOf(OffsetOutOfRangeException.class);
        try (LogSlice slice = read(log, 2, Integer.MAX_VALUE)) {
            assertThat(slice.sizeInBytes()).isPositive();
        }
    }

    @Test
    public void logEndOffsetMovesOnlyOnceTheAppendCompleted() {
        // Given
        PartitionLog log = open(settings());
        append(log, batch(0, 2));
        TestBatch next = batch(2, 3);

        // When
        context.pausableExecutor().pause();
        CompletableFuture<Void> appending = log.append(next.buffer(), next.baseOffset(), next.lastOffset(),
                next.maxTimestamp()).toCompletableFuture();

        // Then
        if (!appending.isDone()) {
            assertThat(log.logEndOffset()).isEqualTo(2);
        }
        context.pausableExecutor().resume();
        await(appending);
        assertThat(log.logEndOffset()).isEqualTo(5);
        try (LogSlice slice = read(log, 2, Integer.MAX_VALUE)) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(next.bytes());
        }
    }

    @Test
    public void appendAtAnotherOffsetThanTheLogEndFails() {
        // Given
        PartitionLog log = open(settings());
        TestBatch first = append(log, batch(0, 3));
        TestBatch gap = batch(4, 2);
        TestBatch overlap = batch(2, 2);

        // When
        Throwable afterEnd = failure(log.append(gap.buffer(), gap.baseOffset(), gap.lastOffset(), gap.maxTimestamp()));
        Throwable beforeEnd = failure(log.append(overlap.buffer(), overlap.baseOffset(), overlap.lastOffset(),
                overlap.maxTimestamp()));

        // Then
        assertThat(afterEnd).isNotNull();
        assertThat(beforeEnd).isNotNull();
        assertThat(log.logEndOffset()).isEqualTo(3);
        TestBatch next = append(log, batch(3, 1));
        assertThat(readAll(log, 0)).isEqualTo(TestBatch.concat(List.of(first, next)));
    }

    @Test
    public void readsAcrossUnitsReturnEveryBatchInOrder() {
        // Given
        PartitionLog log = open(smallUnitSettings());
        List<TestBatch> batches = appendUnitFillingBatches(log, 5);

        // When
        byte[] all = readAll(log, 0);

        // Then
        assertThat(all).isEqualTo(TestBatch.concat(batches));
        try (LogSlice slice = read(log, batches.get(3).baseOffset() + 1, Integer.MAX_VALUE)) {
            assertThat(LogSlices.bytes(slice)).startsWith(batches.get(3).bytes());
        }
    }

    @Test
    public void concurrentReadsSeeOnlyWholeAppendedBatches() throws Exception {
        // Given
        PartitionLog log = open(smallUnitSettings());
        int batchCount = 150;
        List<TestBatch> batches = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < batchCount; i++) {
            TestBatch batch = TestBatch.of(offset, 1 + i % 4, 1000 + i, 50 + (i * 37) % 400);
            batches.add(batch);
            offset = batch.nextOffset();
        }
        long end = offset;
        byte[] expected = TestBatch.concat(batches);
        AtomicBoolean appending = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(3);

        // When
        try {
            List<CompletableFuture<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int maxBytes = 300 + i * 700;
                reads.add(CompletableFuture.supplyAsync(() -> tail(log, end, maxBytes), readers));
            }
            for (TestBatch batch : batches) {
                append(log, batch);
            }
            appending.set(false);

            // Then
            for (CompletableFuture<byte[]> read : reads) {
                assertThat(read.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    /** Reads from offset 0 to {@code end} as a consumer would while the log grows. */
    private static byte[] tail(PartitionLog log, long end, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = 0;
        while (next < end) {
            long endBefore = log.logEndOffset();
            try (LogSlice slice = await(log.read(next, maxBytes, Long.MAX_VALUE, true))) {
                if (slice.sizeInBytes() > 0) {
                    out.writeBytes(LogSlices.bytes(slice));
                    next = slice.nextOffset();
                } else if (next < endBefore) {
                    throw new AssertionError("empty read at " + next + " below the log end " + endBefore);
                } else {
                    Thread.onSpinWait();
                }
            }
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- timestamps

    @Test
    public void offsetForTimestampFindsTheFirstBatchAtOrAfterIt() {
        // Given
        PartitionLog roomy = open(settings());
        PartitionLog small = open(new TopicPartitionId("small-units", UUID.randomUUID(), 0), smallUnitSettings());
        for (PartitionLog log : List.of(roomy, small)) {
            append(log, TestBatch.of(0, 2, 1000, UNIT_FILLING_VALUE_BYTES / 2));
            append(log, TestBatch.of(2, 2, 3000, UNIT_FILLING_VALUE_BYTES / 2));
            append(log, TestBatch.of(4, 2, 2000, UNIT_FILLING_VALUE_BYTES / 2));
            append(log, TestBatch.of(6, 2, 5000, UNIT_FILLING_VALUE_BYTES / 2));
        }

        // When / Then
        for (PartitionLog log : List.of(roomy, small)) {
            assertOffsetsForTimestamps(log);
        }
        restart();
        assertOffsetsForTimestamps(open(settings()));
        assertOffsetsForTimestamps(open(small.id(), smallUnitSettings()));
    }

    private void assertOffsetsForTimestamps(PartitionLog log) {
        assertThat(await(log.offsetForTimestamp(0))).as("%s at 0", log.id()).hasValue(0);
        assertThat(await(log.offsetForTimestamp(1000))).as("%s at 1000", log.id()).hasValue(0);
        assertThat(await(log.offsetForTimestamp(1001))).as("%s at 1001", log.id()).hasValue(2);
        assertThat(await(log.offsetForTimestamp(2500))).as("%s at 2500", log.id()).hasValue(2);
        assertThat(await(log.offsetForTimestamp(3001))).as("%s at 3001", log.id()).hasValue(6);
        assertThat(await(log.offsetForTimestamp(5000))).as("%s at 5000", log.id()).hasValue(6);
        assertThat(await(log.offsetForTimestamp(5001))).as("%s at 5001", log.id()).isEqualTo(OptionalLong.empty());
    }

    // ---------------------------------------------------------------- truncation and deletion

    @Test
    public void truncateToRemovesEveryBatchFromTheOffsetOn() {
        assumeCapability(StorageCapability.TRUNCATION);
        // Given
        PartitionLog log = open(settings());
        TestBatch first = append(log, batch(0, 3));
        append(log, batch(3, 3));
        append(log, batch(6, 3));

        // When
        await(log.truncateTo(3));

        // Then
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(readAll(log, 0)).isEqualTo(first.bytes());
        assertThat(failure(log.read(4, Integer.MAX_VALUE, Long.MAX_VALUE, true)))
                .isInstanceOf(OffsetOutOfRangeException.class);
        TestBatch replacement = append(log, TestBatch.of(3, 2, 9999, 40));
        assertThat(readAll(log, 0)).isEqualTo(TestBatch.concat(List.of(first, replacement)));
        restart();
        PartitionLog reopened = open(settings());
        assertThat(reopened.logEndOffset()).isEqualTo(5);
        assertThat(readAll(reopened, 0)).isEqualTo(TestBatch.concat(List.of(first, replacement)));
    }

    @Test
    public void truncateToAcrossUnitsKeepsTheLogUsable() {
        assumeCapability(StorageCapability.TRUNCATION);
        // Given
        PartitionLog log = open(smallUnitSettings());
        List<TestBatch> batches = appendUnitFillingBatches(log, 5);
        long boundary = batches.get(2).baseOffset();

        // When
        await(log.truncateTo(boundary));

        // Then
        assertThat(log.logEndOffset()).isEqualTo(boundary);
        assertThat(readAll(log, 0)).isEqualTo(TestBatch.concat(batches.subList(0, 2)));
        TestBatch replacement = append(log, unitFillingBatch(boundary, 42));
        restart();
        PartitionLog reopened = open(smallUnitSettings());
        assertThat(readAll(reopened, 0)).isEqualTo(TestBatch.concat(List.of(batches.get(0), batches.get(1), replacement)));
    }

    @Test
    public void deleteBeforeRaisesTheLogStartOffset() {
        // Given
        PartitionLog log = open(smallUnitSettings());
        List<TestBatch> batches = appendUnitFillingBatches(log, 4);
        long insideSecond = batches.get(1).baseOffset() + 1;

        // When
        await(log.deleteBefore(insideSecond));
        await(log.deleteBefore(1));

        // Then
        assertThat(log.logStartOffset()).isEqualTo(insideSecond);
        assertThat(failure(log.read(batches.get(0).baseOffset(), Integer.MAX_VALUE, Long.MAX_VALUE, true)))
                .isInstanceOf(OffsetOutOfRangeException.class);
        try (LogSlice slice = read(log, insideSecond, batches.get(1).sizeInBytes())) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(batches.get(1).bytes());
        }
        restart();
        PartitionLog reopened = open(smallUnitSettings());
        assertThat(reopened.logStartOffset()).isEqualTo(insideSecond);
        assertThat(reopened.logEndOffset()).isEqualTo(batches.get(3).nextOffset());
    }

    @Test
    public void retentionByTimeDeletesOldUnitsButNotTheActiveOne() {
        // Given
        PartitionLog log = open(smallUnitSettings());
        long now = context.clock().millis();
        long tenHoursAgo = now - Duration.ofHours(10).toMillis();
        List<TestBatch> batches = new ArrayList<>();
        batches.add(append(log, unitFillingBatch(0, tenHoursAgo)));
        batches.add(append(log, unitFillingBatch(batches.get(0).nextOffset(), tenHoursAgo)));
        batches.add(append(log, unitFillingBatch(batches.get(1).nextOffset(), now - Duration.ofMinutes(30).toMillis())));
        batches.add(append(log, unitFillingBatch(batches.get(2).nextOffset(), now)));
        long sizeBefore = log.sizeInBytes();

        // When
        long start = await(log.applyRetention(Duration.ofHours(1).toMillis(), -1, context.clock().millis()));

        // Then
        assertThat(start).isEqualTo(batches.get(2).baseOffset()).isEqualTo(log.logStartOffset());
        assertThat(log.sizeInBytes()).isLessThan(sizeBefore);
        assertThat(readAll(log, start)).isEqualTo(TestBatch.concat(batches.subList(2, 4)));

        // When everything has expired
        context.manualClock().advance(Duration.ofDays(1));
        long later = await(log.applyRetention(Duration.ofHours(1).toMillis(), -1, context.clock().millis()));

        // Then the active unit stays
        assertThat(later).isEqualTo(batches.get(3).baseOffset());
        assertThat(readAll(log, later)).isEqualTo(batches.get(3).bytes());
    }

    @Test
    public void retentionBySizeDeletesOldUnitsButNotTheActiveOne() {
        // Given
        PartitionLog log = open(smallUnitSettings());
        List<TestBatch> batches = appendUnitFillingBatches(log, 4);
        long retentionBytes = log.sizeInBytes() / 2;

        // When
        long start = await(log.applyRetention(-1, retentionBytes, context.clock().millis()));

        // Then
        assertThat(start).isPositive().isLessThanOrEqualTo(batches.get(2).baseOffset()).isEqualTo(log.logStartOffset());
        assertThat(log.sizeInBytes()).isGreaterThanOrEqualTo(retentionBytes);
        assertThat(readAll(log, start)).endsWith(TestBatch.concat(batches.subList(2, 4)));

        // When nothing may stay
        long later = await(log.applyRetention(-1, 0, context.clock().millis()));

        // Then the active unit stays
        assertThat(later).isEqualTo(batches.get(3).baseOffset());
        assertThat(readAll(log, later)).isEqualTo(batches.get(3).bytes());
    }

    @Test
    public void retentionWithoutLimitsDeletesNothing() {
        // Given
        PartitionLog log = open(smallUnitSettings());
        List<TestBatch> batches = appendUnitFillingBatches(log, 3);

        // When
        long start = await(log.applyRetention(-1, -1, context.clock().millis() + Duration.ofDays(365).toMillis()));

        // Then
        assertThat(start).isZero();
        assertThat(readAll(log, 0)).isEqualTo(TestBatch.concat(batches));
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

    // ---------------------------------------------------------------- slice ownership

    @Test
    public void aSliceStaysReadableAfterTheLogIsTruncated() {
        assumeCapability(StorageCapability.TRUNCATION);
        // Given
        PartitionLog log = open(settings());
        append(log, batch(0, 2));
        TestBatch second = append(log, batch(2, 2));
        TestBatch third = append(log, batch(4, 2));
        LogSlice slice = read(log, 2, Integer.MAX_VALUE);

        // When
        await(log.truncateTo(2));
        append(log, TestBatch.of(2, 4, 77, 300));

        // Then
        try (slice) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(TestBatch.concat(List.of(second, third)));
        }
    }

    @Test
    public void aSliceStaysReadableAfterRetentionDeletedItsUnit() {
        // Given
        PartitionLog log = open(smallUnitSettings());
        List<TestBatch> batches = appendUnitFillingBatches(log, 3);
        LogSlice slice = read(log, 0, batches.get(0).sizeInBytes());

        // When
        await(log.applyRetention(-1, 0, context.clock().millis()));
        await(log.deleteBefore(log.logEndOffset()));

        // Then
        assertThat(log.logStartOffset()).isPositive();
        try (slice) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(batches.get(0).bytes());
        }
    }

    @Test
    public void aSliceStaysReadableAfterTheLogIsDeletedOrTheEngineClosed() {
        // Given
        PartitionLog log = open(settings());
        TestBatch batch = append(log, batch(0, 5));
        LogSlice beforeDelete = read(log, 0, Integer.MAX_VALUE);
        PartitionLog other = open(new TopicPartitionId("other", UUID.randomUUID(), 1), settings());
        append(other, batch(0, 3));
        LogSlice beforeClose = read(other, 0, Integer.MAX_VALUE);

        // When
        await(engine.deleteLog(partition));
        engine.close();
        engine = null;

        // Then
        try (beforeDelete; beforeClose) {
            assertThat(LogSlices.bytes(beforeDelete)).isEqualTo(batch.bytes());
            assertThat(beforeClose.sizeInBytes()).isPositive();
        }
        startAgain();
    }

    @Test
    public void nonEmptyReadsAreFileRegionsWhenTheEngineSaysSo() {
        assumeCapability(StorageCapability.FILE_REGION_READS);
        // Given
        PartitionLog log = open(settings());
        append(log, batch(0, 2));

        // When
        try (LogSlice slice = read(log, 0, Integer.MAX_VALUE)) {
            // Then
            assertThat(slice).isInstanceOf(LogSlice.FileRegion.class);
        }
    }

    // ---------------------------------------------------------------- helpers for subclasses

    /** The partition most cases use. */
    protected TopicPartitionId partition() {
        return partition;
    }

    protected PartitionLog open(LogSettings settings) {
        return open(partition, settings);
    }

    protected PartitionLog open(TopicPartitionId id, LogSettings settings) {
        return await(engine.openLog(id, settings));
    }

    /** Closes the engine cleanly and starts a new one over the same data. */
    protected void restart() {
        engine.close();
        engine = null;
        startAgain();
    }

    /** Stops the engine as {@link #stopAbruptly} does and starts a new one over the same data. */
    protected void crash() {
        stopAbruptly(engine);
        engine = null;
        startAgain();
    }

    private void startAgain() {
        engine = createEngine(context);
        await(engine.start());
    }

    protected void assumeCapability(StorageCapability capability) {
        Assumptions.assumeTrue(engine.capabilities().contains(capability),
                () -> "the engine does not have " + capability);
    }

    /** A small batch: {@code records} records of 40-byte values at timestamp 1000 + base offset. */
    protected static TestBatch batch(long baseOffset, int records) {
        return TestBatch.of(baseOffset, records, 1000 + baseOffset, 40);
    }

    /** A two-record batch of more than half of {@link #SMALL_UNIT_BYTES}. */
    protected static TestBatch unitFillingBatch(long baseOffset, long timestamp) {
        return TestBatch.of(baseOffset, 2, timestamp, UNIT_FILLING_VALUE_BYTES / 2);
    }

    protected List<TestBatch> appendUnitFillingBatches(PartitionLog log, int count) {
        List<TestBatch> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(append(log, unitFillingBatch(log.logEndOffset(), 1000 + i)));
        }
        return batches;
    }

    protected static TestBatch append(PartitionLog log, TestBatch batch) {
        await(log.append(batch.buffer(), batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp()));
        return batch;
    }

    protected static LogSlice read(PartitionLog log, long fromOffset, int maxBytes) {
        return await(log.read(fromOffset, maxBytes, Long.MAX_VALUE, true));
    }

    /** Every byte from {@code fromOffset} to the log end, read in as many reads as it takes. */
    protected static byte[] readAll(PartitionLog log, long fromOffset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = fromOffset;
        long end = log.logEndOffset();
        while (next < end) {
            try (LogSlice slice = read(log, next, Integer.MAX_VALUE)) {
                assertThat(slice.sizeInBytes()).as("read at %d below the log end %d", next, end).isPositive();
                assertThat(slice.nextOffset()).as("next offset after a read at %d", next).isGreaterThan(next);
                out.writeBytes(LogSlices.bytes(slice));
                next = slice.nextOffset();
            }
        }
        return out.toByteArray();
    }

    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the stage failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The exception a stage failed with; fails the test if it succeeds instead. */
    protected static Throwable failure(CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (value instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // only releasing what an unexpected success returned
                }
            }
            throw new AssertionError("expected the stage to fail, but it completed with " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
