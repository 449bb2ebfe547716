package io.samsa.storage.file;

import io.samsa.api.storage.LogSettings;
import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.testkit.storage.LogSlices;
import io.samsa.testkit.storage.TestBatch;
import io.samsa.testkit.storage.TestStorageContext;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A started file engine over a temporary data directory, for the engine's own tests. */
final class FileEngineFixture implements AutoCloseable {
    static final Duration FLUSH_CHECK_INTERVAL = Duration.ofMillis(10);

    final TestStorageContext context;
    private final RolledSegmentFlusher.Forcer forcer;
    FileStorageEngine engine;

    FileEngineFixture(Path tempDir) {
        this(List.of(tempDir.resolve("data")));
    }

    FileEngineFixture(List<Path> dataDirectories) {
        this(dataDirectories, RolledSegmentFlusher.FORCE);
    }

    /** An engine whose rolled segments {@code forcer} forces (a test holds it to see what waits). */
    FileEngineFixture(List<Path> dataDirectories, RolledSegmentFlusher.Forcer forcer) {
        this.context = new TestStorageContext(dataDirectories);
        this.forcer = forcer;
        this.engine = start();
    }

    private FileStorageEngine start() {
        FileStorageEngine started = new FileStorageEngine(context, FLUSH_CHECK_INTERVAL, forcer);
        await(started.start());
        return started;
    }

    FileLog open(TopicPartitionId partition, LogSettings settings) {
        return (FileLog) await(engine.openLog(partition, settings));
    }

    void restart() {
        engine.close();
        engine = start();
    }

    Path directory(TopicPartitionId partition) {
        return LogFiles.directory(context.dataDirectories().getFirst(), partition);
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            context.close();
        }
    }

    static LogSettings settings(int segmentBytes, int indexIntervalBytes) {
        return new LogSettings(segmentBytes, Duration.ofDays(7).toMillis(), Long.MAX_VALUE, Long.MAX_VALUE,
                indexIntervalBytes);
    }

    static TestBatch append(FileLog log, TestBatch batch) {
        await(log.append(batch.buffer(), batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp()));
        return batch;
    }

    /** Appends {@code count} batches of {@code records} records with values of {@code valueBytes}, timestamps 1000, 1001, ... */
    static List<TestBatch> appendBatches(FileLog log, int count, int records, int valueBytes) {
        List<TestBatch> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(append(log, TestBatch.of(log.logEndOffset(), records, 1000 + i, valueBytes)));
        }
        return batches;
    }

    static byte[] readAll(FileLog log, long fromOffset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = fromOffset;
        while (next < log.logEndOffset()) {
            try (LogSlice slice = await(log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true))) {
                if (slice.sizeInBytes() == 0) {
                    throw new AssertionError("empty read at " + next + " below the end " + log.logEndOffset());
                }
                out.writeBytes(LogSlices.bytes(slice));
                next = slice.nextOffset();
            }
        }
        return out.toByteArray();
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the stage failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Throwable failure(CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
