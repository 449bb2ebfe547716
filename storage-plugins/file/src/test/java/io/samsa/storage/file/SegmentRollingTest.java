package io.samsa.storage.file;

import static io.samsa.storage.file.FileEngineFixture.append;
import static io.samsa.storage.file.FileEngineFixture.appendBatches;
import static io.samsa.storage.file.FileEngineFixture.readAll;
import static io.samsa.storage.file.FileEngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSettings;
import io.samsa.testkit.storage.TestBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentRollingTest extends FileEngineTestBase {
    SegmentRollingTest() {
        super("rolling", 0);
    }

    @Test
    void rollsWhenTheNextAppendWouldPassSegmentBytes() throws IOException {
        // Given
        int batchBytes = TestBatch.of(0, 2, 1000, 300).sizeInBytes();
        FileLog log = fixture.open(partition, settings(2 * batchBytes + batchBytes / 2, 256));

        // When
        List<TestBatch> batches = appendBatches(log, 5, 2, 300);

        // Then
        Path directory = fixture.directory(partition);
        assertThat(LogFiles.segmentBaseOffsets(directory))
                .containsExactly(0L, batches.get(2).baseOffset(), batches.get(4).baseOffset());
        assertThat(directory.resolve("00000000000000000004.log")).hasSize(2L * batchBytes);
        assertThat(directory.resolve("00000000000000000004.index")).exists();
        assertThat(directory.resolve("00000000000000000004.timeindex")).exists();
        assertThat(Files.size(directory.resolve("00000000000000000008.log"))).isEqualTo(batchBytes);
        assertThat(readAll(log, 0)).isEqualTo(TestBatch.concat(batches));
    }

    @Test
    void aBatchLargerThanASegmentGetsASegmentOfItsOwn() {
        // Given
        FileLog log = fixture.open(partition, settings(1024, 256));
        TestBatch small = append(log, TestBatch.of(0, 1, 1000, 100));

        // When
        TestBatch huge = append(log, TestBatch.of(1, 3, 1001, 2000));
        TestBatch after = append(log, TestBatch.of(4, 1, 1002, 100));

        // Then
        assertThat(LogFiles.segmentBaseOffsets(fixture.directory(partition))).containsExactly(0L, 1L, 4L);
        assertThat(readAll(log, 0)).isEqualTo(TestBatch.concat(List.of(small, huge, after)));
    }

    @Test
    void rollsWhenTheActiveSegmentIsSegmentMsOld() {
        // Given
        LogSettings hourly = new LogSettings(1024 * 1024, Duration.ofHours(1).toMillis(), Long.MAX_VALUE, Long.MAX_VALUE,
                4096);
        FileLog log = fixture.open(partition, hourly);
        append(log, TestBatch.of(0, 1, 1000, 10));

        // When
        fixture.context.manualClock().advance(Duration.ofMinutes(59));
        append(log, TestBatch.of(1, 1, 1000, 10));
        List<Long> beforeTheHour = LogFiles.segmentBaseOffsets(fixture.directory(partition));
        fixture.context.manualClock().advance(Duration.ofMinutes(1));
        append(log, TestBatch.of(2, 1, 1000, 10));

        // Then
        assertThat(beforeTheHour).containsExactly(0L);
        assertThat(LogFiles.segmentBaseOffsets(fixture.directory(partition))).containsExactly(0L, 2L);
    }

    @Test
    void anEmptySegmentIsNeverRolled() {
        // Given
        LogSettings hourly = new LogSettings(1024 * 1024, Duration.ofHours(1).toMillis(), Long.MAX_VALUE, Long.MAX_VALUE,
                4096);
        FileLog log = fixture.open(partition, hourly);

        // When
        fixture.context.manualClock().advance(Duration.ofDays(3));
        append(log, TestBatch.of(0, 1, 1000, 10));

        // Then
        assertThat(LogFiles.segmentBaseOffsets(fixture.directory(partition))).containsExactly(0L);
    }

    @Test
    void newSettingsFromASecondOpenApplyToTheNextAppends() {
        // Given
        int batchBytes = TestBatch.of(0, 1, 1000, 200).sizeInBytes();
        FileLog log = fixture.open(partition, settings(1024 * 1024, 256));
        appendBatches(log, 3, 1, 200);

        // When
        FileLog again = fixture.open(partition, settings(batchBytes, 256));
        appendBatches(log, 2, 1, 200);

        // Then
        assertThat(again).isSameAs(log);
        assertThat(LogFiles.segmentBaseOffsets(fixture.directory(partition))).containsExactly(0L, 3L, 4L);
    }
}
