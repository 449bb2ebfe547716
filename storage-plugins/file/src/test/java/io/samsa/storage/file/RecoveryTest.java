package io.samsa.storage.file;

import static io.samsa.storage.file.FileEngineFixture.append;
import static io.samsa.storage.file.FileEngineFixture.appendBatches;
import static io.samsa.storage.file.FileEngineFixture.failure;
import static io.samsa.storage.file.FileEngineFixture.readAll;
import static io.samsa.storage.file.FileEngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSettings;
import io.samsa.api.storage.StorageException;
import io.samsa.testkit.storage.TestBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryTest extends FileEngineTestBase {
    private static final LogSettings SETTINGS = settings(2048, 256);

    RecoveryTest() {
        super("recovered", 2);
    }

    @Test
    void aTornWriteIsCutFromTheLastSegmentFile() throws IOException {
        // Given
        FileLog log = fixture.open(partition, SETTINGS);
        List<TestBatch> batches = appendBatches(log, 7, 1, 300);
        fixture.engine.close();
        Path last = LogFiles.lastSegment(fixture.directory(partition));
        long intactSize = Files.size(last);
        TestBatch torn = TestBatch.of(batches.getLast().nextOffset(), 3, 5000, 300);
        Files.write(last, Arrays.copyOf(torn.bytes(), torn.sizeInBytes() - 10), StandardOpenOption.APPEND);
        List<Long> segmentsBefore = LogFiles.segmentBaseOffsets(fixture.directory(partition));

        // When
        fixture.restart();
        FileLog recovered = fixture.open(partition, SETTINGS);

        // Then
        assertThat(last).hasSize(intactSize);
        assertThat(LogFiles.segmentBaseOffsets(fixture.directory(partition))).isEqualTo(segmentsBefore).hasSizeGreaterThan(1);
        assertThat(recovered.logEndOffset()).isEqualTo(batches.getLast().nextOffset());
        assertThat(readAll(recovered, 0)).isEqualTo(TestBatch.concat(batches));
    }

    @Test
    void aBatchWhoseOffsetsDoNotFollowOnIsCutToo() throws IOException {
        // Given: an intact batch, but at offsets the log never had next (stale bytes after a crash)
        FileLog log = fixture.open(partition, settings(1024 * 1024, 256));
        List<TestBatch> batches = appendBatches(log, 3, 2, 50);
        fixture.engine.close();
        Path last = LogFiles.lastSegment(fixture.directory(partition));
        Files.write(last, TestBatch.of(100, 2, 1000, 50).bytes(), StandardOpenOption.APPEND);

        // When
        fixture.restart();
        FileLog recovered = fixture.open(partition, settings(1024 * 1024, 256));

        // Then
        assertThat(recovered.logEndOffset()).isEqualTo(6);
        assertThat(readAll(recovered, 0)).isEqualTo(TestBatch.concat(batches));
    }

    @Test
    void anEmptyLastSegmentLeftByACrashDuringARollIsKept() throws IOException {
        // Given
        FileLog log = fixture.open(partition, settings(1024 * 1024, 256));
        List<TestBatch> batches = appendBatches(log, 2, 2, 50);
        fixture.engine.close();
        Files.createFile(SegmentFileNames.log(fixture.directory(partition), 4));

        // When
        fixture.restart();
        FileLog recovered = fixture.open(partition, settings(1024 * 1024, 256));
        TestBatch next = append(recovered, TestBatch.of(4, 1, 2000, 50));

        // Then
        assertThat(LogFiles.segmentBaseOffsets(fixture.directory(partition))).containsExactly(0L, 4L);
        assertThat(readAll(recovered, 0)).isEqualTo(TestBatch.concat(List.of(batches.get(0), batches.get(1), next)));
    }

    @Test
    void leftoversOfAnInterruptedTruncationOrCheckpointAreRemoved() throws IOException {
        // Given
        FileLog log = fixture.open(partition, settings(1024 * 1024, 256));
        List<TestBatch> batches = appendBatches(log, 2, 2, 50);
        fixture.engine.close();
        Path directory = fixture.directory(partition);
        Files.write(SegmentFileNames.truncating(directory, 0), new byte[] {1, 2, 3});
        Files.write(directory.resolve(PartitionDirectory.START_OFFSET_FILE + ".tmp"), new byte[] {9});

        // When
        fixture.restart();
        FileLog recovered = fixture.open(partition, settings(1024 * 1024, 256));

        // Then
        assertThat(SegmentFileNames.truncating(directory, 0)).doesNotExist();
        assertThat(directory.resolve(PartitionDirectory.START_OFFSET_FILE + ".tmp")).doesNotExist();
        assertThat(readAll(recovered, 0)).isEqualTo(TestBatch.concat(batches));
    }

    @Test
    void damageInsideASealedSegmentFailsTheOpenInsteadOfDroppingData() throws IOException {
        // Given: the second batch's header of the first segment overwritten, and its index gone so it is rebuilt
        FileLog log = fixture.open(partition, SETTINGS);
        int secondBatchAt = appendBatches(log, 7, 1, 300).getFirst().sizeInBytes();
        fixture.engine.close();
        Path directory = fixture.directory(partition);
        long first = LogFiles.segmentBaseOffsets(directory).getFirst();
        Files.delete(SegmentFileNames.offsetIndex(directory, first));
        try (FileChannel channel = FileChannel.open(SegmentFileNames.log(directory, first), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[64]), secondBatchAt);
        }

        // When
        fixture.restart();
        Throwable failure = failure(fixture.engine.openLog(partition, SETTINGS));

        // Then
        assertThat(failure).isInstanceOf(StorageException.class).hasMessageContaining("00000000000000000000.log");
    }
}
