package io.samsa.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.OffsetOutOfRangeException;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.StorageCapability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Storage conformance: removing data. Truncation at the log end, deleting records before an
 * offset, and retention by time and size, which drops whole units but never the active one.
 */
public abstract class AbstractTruncationAndRetentionContractTest extends StorageEngineContractBase {
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
}
