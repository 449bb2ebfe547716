package io.samsa.storage.file;

import static io.samsa.storage.file.FileEngineFixture.append;
import static io.samsa.storage.file.FileEngineFixture.appendBatches;
import static io.samsa.storage.file.FileEngineFixture.readAll;
import static io.samsa.storage.file.FileEngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.api.storage.LogSettings;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.testkit.storage.TestBatch;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A roll hands the sealed segment to a force that runs apart from the appends: here the force is
 * held (the real force runs once it is let go), and the appends of the data directory go on.
 */
class RolledSegmentForceTest {
    private static final LogSettings SETTINGS = settings(2048, 256);

    @TempDir
    Path tempDir;

    private final CountDownLatch forceStarted = new CountDownLatch(1);
    private final CountDownLatch forceReleased = new CountDownLatch(1);
    private final List<Long> forced = new CopyOnWriteArrayList<>();
    private final TopicPartitionId rolling = new TopicPartitionId("rolling", UUID.randomUUID(), 0);
    private final TopicPartitionId other = new TopicPartitionId("other", UUID.randomUUID(), 0);
    private FileEngineFixture fixture;

    @BeforeEach
    void startEngine() {
        fixture = new FileEngineFixture(List.of(tempDir.resolve("data")), segment -> {
            forceStarted.countDown();
            try {
                if (!forceReleased.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never let the force go");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            RolledSegmentFlusher.FORCE.force(segment);
            forced.add(segment.baseOffset());
        });
    }

    @AfterEach
    void stopEngine() {
        forceReleased.countDown();
        fixture.close();
    }

    @Test
    void appendsOfTheDataDirectoryCompleteWhileARolledSegmentIsForced() throws InterruptedException {
        // Given: a log that rolled, its sealed segment's force held
        FileLog rolled = fixture.open(rolling, SETTINGS);
        FileLog neighbour = fixture.open(other, SETTINGS);
        List<TestBatch> rolledBatches = appendBatches(rolled, 8, 1, 300);
        assertThat(forceStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // When: appends to another partition of the same data directory, and to the rolled log itself
        List<TestBatch> neighbourBatches = appendBatches(neighbour, 10, 1, 300);
        TestBatch more = append(rolled, TestBatch.of(rolled.logEndOffset(), 1, 5000, 300));

        // Then: they completed with the force still held, and nothing moved the recovery point yet
        assertThat(forced).isEmpty();
        assertThat(readAll(neighbour, 0)).isEqualTo(TestBatch.concat(neighbourBatches));
        assertThat(readAll(rolled, 0)).isEqualTo(TestBatch.concat(plus(rolledBatches, more)));
        assertThat(rolled.recoveryPoint()).isZero();
        assertThat(fixture.directory(rolling).resolve(PartitionDirectory.RECOVERY_POINT_FILE)).doesNotExist();

        // And when the force is let go, every sealed segment is forced in roll order and the recovery point follows
        forceReleased.countDown();
        List<Long> bases = LogFiles.segmentBaseOffsets(fixture.directory(rolling));
        assertThat(bases).hasSizeGreaterThan(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rolled.recoveryPoint()).isEqualTo(bases.getLast()));
        assertThat(forced).containsSubsequence(bases.subList(0, bases.size() - 1)).doesNotContain(bases.getLast());
        assertThat(fixture.directory(rolling).resolve(PartitionDirectory.RECOVERY_POINT_FILE)).hasContent(
                bases.getLast() + "\n");
    }

    @Test
    void aForcedAppendIsAcknowledgedWhileAnotherLogsRolledSegmentIsForced() throws InterruptedException {
        // Given
        FileLog rolled = fixture.open(rolling, SETTINGS);
        FileLog forcing = fixture.open(other, new LogSettings(2048, Duration.ofDays(7).toMillis(), 1, Long.MAX_VALUE,
                256));
        appendBatches(rolled, 8, 1, 300);
        assertThat(forceStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // When: flush.messages=1 appends, which their own log forces before they complete
        List<TestBatch> batches = appendBatches(forcing, 3, 1, 300);

        // Then
        assertThat(forcing.durableOffset()).isEqualTo(batches.getLast().nextOffset());
        assertThat(forced).isEmpty();
    }

    @Test
    void closingForcesTheRolledSegmentsAndMovesTheRecoveryPointToTheActiveOne() {
        // Given
        FileLog rolled = fixture.open(rolling, SETTINGS);
        List<TestBatch> batches = appendBatches(rolled, 8, 1, 300);
        List<Long> bases = LogFiles.segmentBaseOffsets(fixture.directory(rolling));

        // When
        forceReleased.countDown();
        fixture.restart();
        FileLog reopened = fixture.open(rolling, SETTINGS);

        // Then
        assertThat(forced).containsAll(bases.subList(0, bases.size() - 1));
        assertThat(reopened.recoveryPoint()).isEqualTo(bases.getLast());
        assertThat(reopened.recoveredSegments()).isEqualTo(1);
        assertThat(readAll(reopened, 0)).isEqualTo(TestBatch.concat(batches));
    }

    private static List<TestBatch> plus(List<TestBatch> batches, TestBatch more) {
        List<TestBatch> all = new ArrayList<>(batches);
        all.add(more);
        return all;
    }
}
