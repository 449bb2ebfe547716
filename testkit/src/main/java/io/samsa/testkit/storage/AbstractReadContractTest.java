package io.samsa.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.OffsetOutOfRangeException;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.StorageCapability;
import io.samsa.api.storage.TopicPartitionId;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Storage conformance: reads. Which batches a read returns for an offset, a byte limit and a
 * maximum offset, lookups by timestamp, and that a slice owns its bytes: it stays readable after
 * the log under it is truncated, trimmed or deleted.
 */
public abstract class AbstractReadContractTest extends StorageEngineContractBase {
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
}
