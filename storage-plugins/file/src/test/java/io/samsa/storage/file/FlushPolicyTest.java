package io.samsa.storage.file;

import static io.samsa.storage.file.FileEngineFixture.append;
import static io.samsa.storage.file.FileEngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.api.storage.LogSettings;
import io.samsa.testkit.storage.TestBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FlushPolicyTest extends FileEngineTestBase {
    private static final long NEVER = Long.MAX_VALUE;

    FlushPolicyTest() {
        super("durable", 0);
    }

    private static LogSettings flushing(long messages, long ms) {
        return new LogSettings(1024 * 1024, Duration.ofDays(7).toMillis(), messages, ms, 4096);
    }

    @Test
    void flushEveryMessageForcesBeforeTheAppendCompletes() {
        // Given
        FileLog log = fixture.open(partition, flushing(1, NEVER));

        // When
        append(log, TestBatch.of(0, 3, 1000, 20));
        long durableAfterFirst = log.durableOffset();
        append(log, TestBatch.of(3, 1, 1000, 20));

        // Then
        assertThat(durableAfterFirst).isEqualTo(3);
        assertThat(log.durableOffset()).isEqualTo(4).isEqualTo(log.logEndOffset());
        assertThat(log.flusher().forces()).isEqualTo(2);
    }

    @Test
    void pageCacheByDefaultUntilFlushIsCalled() {
        // Given
        FileLog log = fixture.open(partition, flushing(NEVER, NEVER));
        append(log, TestBatch.of(0, 3, 1000, 20));
        append(log, TestBatch.of(3, 3, 1000, 20));

        // When
        long durableBeforeFlush = log.durableOffset();
        await(log.flush());

        // Then
        assertThat(durableBeforeFlush).isZero();
        assertThat(log.durableOffset()).isEqualTo(6);
        assertThat(log.flusher().forces()).isEqualTo(1);
    }

    @Test
    void flushWaitersThatArriveTogetherShareOneForce() {
        // Given
        FileLog log = fixture.open(partition, flushing(NEVER, NEVER));
        append(log, TestBatch.of(0, 3, 1000, 20));
        append(log, TestBatch.of(3, 3, 1000, 20));

        // When
        fixture.context.pausableExecutor().pause();
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            flushes.add(log.flush().toCompletableFuture());
        }
        fixture.context.pausableExecutor().resume();
        flushes.forEach(FileEngineFixture::await);

        // Then
        assertThat(log.flusher().forces()).isEqualTo(1);
        assertThat(log.durableOffset()).isEqualTo(6);
    }

    @Test
    void flushAfterSoManyMessages() {
        // Given
        FileLog log = fixture.open(partition, flushing(3, NEVER));

        // When
        append(log, TestBatch.of(0, 1, 1000, 20));
        append(log, TestBatch.of(1, 1, 1000, 20));
        long durableAfterTwo = log.durableOffset();
        append(log, TestBatch.of(2, 1, 1000, 20));

        // Then
        assertThat(durableAfterTwo).isZero();
        assertThat(log.durableOffset()).isEqualTo(3);
    }

    @Test
    void flushOnceTheFlushIntervalHasPassed() {
        // Given
        FileLog log = fixture.open(partition, flushing(NEVER, Duration.ofSeconds(30).toMillis()));
        append(log, TestBatch.of(0, 2, 1000, 20));
        long durableBefore = log.durableOffset();

        // When
        fixture.context.manualClock().advance(Duration.ofSeconds(30));

        // Then
        assertThat(durableBefore).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> log.durableOffset() == 2);
    }
}
