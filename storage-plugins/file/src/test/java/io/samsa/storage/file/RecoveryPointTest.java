package io.samsa.storage.file;

import static io.samsa.storage.file.FileEngineFixture.append;
import static io.samsa.storage.file.FileEngineFixture.appendBatches;
import static io.samsa.storage.file.FileEngineFixture.await;
import static io.samsa.storage.file.FileEngineFixture.readAll;
import static io.samsa.storage.file.FileEngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.api.storage.LogSettings;
import io.samsa.testkit.storage.TestBatch;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Opening a log trusts the segments below its persisted recovery point and recovers the others,
 * as Kafka does: a rolled segment whose force a crash prevented may have lost its tail, so it is
 * cut after its last intact batch and the segments after it are deleted.
 */
class RecoveryPointTest extends FileEngineTestBase {
    private static final LogSettings SETTINGS = settings(2048, 256);

    RecoveryPointTest() {
        super("recovery-point", 0);
    }

    @Test
    void segmentsBelowThePersistedRecoveryPointAreNotScannedAfterARestart() {
        // Given: a log of several segments whose rolled segments were all forced
        FileLog log = fixture.open(partition, SETTINGS);
        List<TestBatch> batches = appendBatches(log, 16, 1, 300);
        List<Long> bases = LogFiles.segmentBaseOffsets(fixture.directory(partition));
        assertThat(bases).hasSizeGreaterThan(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.recoveryPoint() == bases.getLast());

        // When
        fixture.restart();
        FileLog reopened = fixture.open(partition, SETTINGS);

        // Then: only the last segment was scanned
        assertThat(reopened.recoveredSegments()).isEqualTo(1);
        assertThat(reopened.recoveryPoint()).isEqualTo(bases.getLast());
        assertThat(fixture.directory(partition).resolve(PartitionDirectory.RECOVERY_POINT_FILE))
                .hasContent(bases.getLast() + "\n");
        assertThat(readAll(reopened, 0)).isEqualTo(TestBatch.concat(batches));
    }

    @Test
    void withoutARecoveryPointFileEverySegmentIsRecoveredOnce() throws IOException {
        // Given: a log as one written before recovery points existed
        FileLog log = fixture.open(partition, SETTINGS);
        List<TestBatch> batches = appendBatches(log, 16, 1, 300);
        fixture.engine.close();
        Path directory = fixture.directory(partition);
        Files.delete(directory.resolve(PartitionDirectory.RECOVERY_POINT_FILE));
        List<Long> bases = LogFiles.segmentBaseOffsets(directory);

        // When
        fixture.restart();
        FileLog recovered = fixture.open(partition, SETTINGS);
        int firstOpen = recovered.recoveredSegments();
        fixture.restart();
        FileLog again = fixture.open(partition, SETTINGS);

        // Then
        assertThat(firstOpen).isEqualTo(bases.size());
        assertThat(again.recoveredSegments()).isEqualTo(1);
        assertThat(readAll(again, 0)).isEqualTo(TestBatch.concat(batches));
    }

    @Test
    void aRolledSegmentACrashKeptFromBeingForcedIsCutAndTheSegmentsAfterItDropped() throws IOException {
        // Given: the disk as a crash left it, with the first rolled segment forced and the later ones not
        Path crashedData = tempDir.resolve("crashed");
        Path crashed = LogFiles.directory(crashedData, partition);
        List<TestBatch> batches;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        try (FileEngineFixture running = new FileEngineFixture(List.of(tempDir.resolve("running")), segment -> {
            if (forces.getAndIncrement() > 0) {
                awaitQuietly(release);
            }
            RolledSegmentFlusher.FORCE.force(segment);
        })) {
            FileLog log = running.open(partition, SETTINGS);
            batches = appendBatches(log, 16, 1, 300);
            List<Long> bases = LogFiles.segmentBaseOffsets(running.directory(partition));
            await().atMost(Duration.ofSeconds(10)).until(() -> log.recoveryPoint() == bases.get(1));
            copyDirectory(running.directory(partition), crashed);
            release.countDown();
        }
        List<Long> bases = LogFiles.segmentBaseOffsets(crashed);
        assertThat(bases).hasSizeGreaterThan(3);
        assertThat(crashed.resolve(PartitionDirectory.RECOVERY_POINT_FILE)).hasContent(bases.get(1) + "\n");
        // The second segment lost the end of its last batch: its pages never reached the disk.
        Path torn = SegmentFileNames.log(crashed, bases.get(1));
        try (FileChannel channel = FileChannel.open(torn, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 10);
        }
        long cutAt = bases.get(2) - 1;

        // When
        try (FileEngineFixture restarted = new FileEngineFixture(List.of(crashedData))) {
            FileLog recovered = restarted.open(partition, SETTINGS);

            // Then: the first segment was trusted, the second cut after its last intact batch, the rest deleted
            assertThat(recovered.recoveredSegments()).isEqualTo(1);
            assertThat(LogFiles.segmentBaseOffsets(crashed)).containsExactly(bases.get(0), bases.get(1));
            assertThat(recovered.logEndOffset()).isEqualTo(cutAt);
            assertThat(readAll(recovered, 0)).isEqualTo(TestBatch.concat(batches.subList(0, (int) cutAt)));
            assertThat(recovered.recoveryPoint()).isEqualTo(bases.get(1));
            TestBatch next = append(recovered, TestBatch.of(cutAt, 1, 9000, 300));
            assertThat(readAll(recovered, cutAt)).isEqualTo(next.bytes());
        }
    }

    @Test
    void truncationBringsTheRecoveryPointDownFirst() {
        // Given
        FileLog log = fixture.open(partition, SETTINGS);
        List<TestBatch> batches = appendBatches(log, 16, 1, 300);
        List<Long> bases = LogFiles.segmentBaseOffsets(fixture.directory(partition));
        await().atMost(Duration.ofSeconds(10)).until(() -> log.recoveryPoint() == bases.getLast());
        long cut = batches.get((int) bases.get(1).longValue() + 1).baseOffset();

        // When
        await(log.truncateTo(cut));

        // Then
        assertThat(log.recoveryPoint()).isEqualTo(cut);
        assertThat(fixture.directory(partition).resolve(PartitionDirectory.RECOVERY_POINT_FILE)).hasContent(cut + "\n");
        List<TestBatch> more = appendBatches(log, 16, 1, 300);
        List<Long> after = LogFiles.segmentBaseOffsets(fixture.directory(partition));
        await().atMost(Duration.ofSeconds(10)).until(() -> log.recoveryPoint() == after.getLast());
        fixture.restart();
        FileLog reopened = fixture.open(partition, SETTINGS);
        assertThat(readAll(reopened, 0)).isEqualTo(TestBatch.concat(
                Stream.concat(batches.subList(0, (int) cut).stream(), more.stream()).toList()));
    }

    private static void awaitQuietly(CountDownLatch latch) throws InterruptedIOException {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            files.forEach(file -> {
                try {
                    Files.copy(file, to.resolve(file.getFileName()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
