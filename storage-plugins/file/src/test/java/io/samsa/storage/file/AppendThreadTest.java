package io.samsa.storage.file;

import static io.samsa.storage.file.FileEngineFixture.append;
import static io.samsa.storage.file.FileEngineFixture.await;
import static io.samsa.storage.file.FileEngineFixture.readAll;
import static io.samsa.storage.file.FileEngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.storage.PausableExecutor;
import io.samsa.testkit.storage.TestBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Where an append runs: on the caller's thread when it can, on the pool when it may wait on the disk. */
class AppendThreadTest extends FileEngineTestBase {
    AppendThreadTest() {
        super("append-thread", 0);
    }

    @Test
    void appendsThatStartNoSegmentAreWrittenWithoutThePool() {
        // Given
        FileLog log = fixture.open(partition, settings(1024 * 1024, 4096));
        PausableExecutor pool = fixture.context.pausableExecutor();
        pool.pause();

        // When
        List<TestBatch> batches = new ArrayList<>();
        List<Boolean> doneOnReturn = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestBatch batch = TestBatch.of(log.logEndOffset(), 2, 1000 + i, 300);
            CompletableFuture<Void> stage = log.append(batch.buffer(), batch.baseOffset(), batch.lastOffset(),
                    batch.maxTimestamp()).toCompletableFuture();
            doneOnReturn.add(stage.isDone() && !stage.isCompletedExceptionally());
            batches.add(batch);
        }

        // Then
        assertThat(doneOnReturn).containsExactly(true, true, true);
        assertThat(pool.heldTasks()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(6);
        pool.resume();
        assertThat(readAll(log, 0)).isEqualTo(TestBatch.concat(batches));
    }

    @Test
    void anAppendThatStartsASegmentRunsOnThePool() {
        // Given
        int batchBytes = TestBatch.of(0, 2, 1000, 300).sizeInBytes();
        FileLog log = fixture.open(partition, settings(2 * batchBytes + batchBytes / 2, 256));
        TestBatch first = append(log, TestBatch.of(0, 2, 1000, 300));
        TestBatch second = append(log, TestBatch.of(2, 2, 1001, 300));
        PausableExecutor pool = fixture.context.pausableExecutor();
        pool.pause();

        // When
        TestBatch third = TestBatch.of(4, 2, 1002, 300);
        CompletableFuture<Void> stage = log.append(third.buffer(), third.baseOffset(), third.lastOffset(),
                third.maxTimestamp()).toCompletableFuture();

        // Then
        assertThat(stage).isNotDone();
        assertThat(pool.heldTasks()).isPositive();
        assertThat(log.logEndOffset()).isEqualTo(4);
        pool.resume();
        await(stage);
        assertThat(LogFiles.segmentBaseOffsets(fixture.directory(partition))).containsExactly(0L, 4L);
        assertThat(readAll(log, 0)).isEqualTo(TestBatch.concat(List.of(first, second, third)));
    }
}
