package io.samsa.storage.file;

import static io.samsa.storage.file.FileEngineFixture.append;
import static io.samsa.storage.file.FileEngineFixture.appendBatches;
import static io.samsa.storage.file.FileEngineFixture.await;
import static io.samsa.storage.file.FileEngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSlice;
import io.samsa.testkit.storage.LogSlices;
import io.samsa.testkit.storage.TestBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A slice keeps its segment file open until it is closed, whatever happens to the segment meanwhile. */
class SliceLifetimeTest extends FileEngineTestBase {
    SliceLifetimeTest() {
        super("sliced", 0);
    }

    @Test
    void aSegmentDeletedByRetentionStaysOpenForItsSlice() {
        // Given
        int batchBytes = TestBatch.of(0, 1, 1000, 300).sizeInBytes();
        FileLog log = fixture.open(partition, settings(batchBytes, 256));
        List<TestBatch> batches = appendBatches(log, 3, 1, 300);
        Path firstSegment = SegmentFileNames.log(fixture.directory(partition), 0);
        LogSlice.FileRegion slice = (LogSlice.FileRegion) await(log.read(0, batchBytes, Long.MAX_VALUE, true));

        // When
        await(log.applyRetention(-1, 0, fixture.context.clock().millis()));

        // Then
        assertThat(firstSegment).doesNotExist();
        assertThat(slice.channel().isOpen()).isTrue();
        assertThat(LogSlices.bytes(slice)).isEqualTo(batches.getFirst().bytes());
        slice.close();
        // Closed once nothing holds it: the rolled segment's force (off the append path) may still, a moment.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !slice.channel().isOpen());
    }

    @Test
    void aTruncatedSegmentIsReplacedWhileItsSliceReadsTheOldFile() {
        // Given
        FileLog log = fixture.open(partition, settings(1024 * 1024, 256));
        TestBatch first = append(log, TestBatch.of(0, 2, 1000, 50));
        TestBatch second = append(log, TestBatch.of(2, 2, 1000, 50));
        LogSlice.FileRegion slice = (LogSlice.FileRegion) await(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true));

        // When
        await(log.truncateTo(2));
        TestBatch replacement = append(log, TestBatch.of(2, 5, 2000, 80));

        // Then
        try (LogSlice.FileRegion current = (LogSlice.FileRegion) await(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true))) {
            assertThat(current.channel()).isNotSameAs(slice.channel());
            assertThat(LogSlices.bytes(current)).isEqualTo(TestBatch.concat(List.of(first, replacement)));
        }
        assertThat(LogSlices.bytes(slice)).isEqualTo(TestBatch.concat(List.of(first, second)));
        slice.close();
        assertThat(slice.channel().isOpen()).isFalse();
    }

    @Test
    void closingTheEngineLeavesOpenSlicesReadable() {
        // Given
        FileLog log = fixture.open(partition, settings(1024 * 1024, 256));
        TestBatch batch = append(log, TestBatch.of(0, 2, 1000, 50));
        LogSlice.FileRegion slice = (LogSlice.FileRegion) await(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true));

        // When
        fixture.restart();

        // Then
        assertThat(slice.channel().isOpen()).isTrue();
        assertThat(LogSlices.bytes(slice)).isEqualTo(batch.bytes());
        slice.close();
        slice.close();
        assertThat(slice.channel().isOpen()).isFalse();
    }

    @Test
    void readsOfBatchesLargerThanTheReadAheadReturnWholeBatches() {
        // Given
        FileLog log = fixture.open(partition, settings(1024 * 1024, 4096));
        List<TestBatch> batches = List.of(
                append(log, TestBatch.of(0, 1, 1000, 100)),
                append(log, TestBatch.of(1, 2, 1000, 20_000)),
                append(log, TestBatch.of(3, 1, 1000, 30)),
                append(log, TestBatch.of(4, 3, 1000, 9_000)),
                append(log, TestBatch.of(7, 1, 1000, 10)));

        // When / Then
        for (int i = 0; i < batches.size(); i++) {
            TestBatch batch = batches.get(i);
            try (LogSlice slice = await(log.read(batch.lastOffset(), 1, Long.MAX_VALUE, true))) {
                assertThat(LogSlices.bytes(slice)).as("batch %d", i).isEqualTo(batch.bytes());
            }
            try (LogSlice slice = await(log.read(batch.baseOffset(), Integer.MAX_VALUE, Long.MAX_VALUE, true))) {
                assertThat(LogSlices.bytes(slice)).isEqualTo(TestBatch.concat(batches.subList(i, batches.size())));
            }
        }
    }
}
