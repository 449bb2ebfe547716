package io.samsa.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSettings;
import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.StorageCapability;
import io.samsa.api.storage.StorageContext;
import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.TopicPartitionId;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture the storage conformance suite shares: what every {@link StorageEngine} must do, as
 * the SPI's javadoc states it, is split by idea into {@link AbstractAppendContractTest},
 * {@link AbstractReadContractTest}, {@link AbstractTruncationAndRetentionContractTest} and
 * {@link AbstractLifecycleContractTest}. A plugin runs the whole suite by subclassing each of them
 * in its tests and implementing {@link #createEngine}; the other hooks let an engine say how to
 * stop it like a crash and how to damage the end of its stored data. Cases that need an optional
 * behaviour are skipped unless the engine's {@link StorageEngine#capabilities()} include it.
 *
 * <p>Each test gets a fresh {@link TestStorageContext} over a temporary directory: a clock that
 * only moves when the test moves it, and a pool the test can pause.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class StorageEngineContractBase {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The unit size {@link #smallUnitSettings()} asks for; {@link #unitFillingBatch} is more than half of it. */
    protected static final int SMALL_UNIT_BYTES = 1024;

    static final int UNIT_FILLING_VALUE_BYTES = 600;

    @TempDir
    protected Path tempDir;

    protected TestStorageContext context;
    protected StorageEngine engine;

    final TopicPartitionId partition = new TopicPartitionId("orders", UUID.randomUUID(), 3);

    /** Builds (does not start) the engine under test. Called again for every restart, with the same context. */
    protected abstract StorageEngine createEngine(StorageContext context);

    /** The data directories the context hands to the engine. */
    protected List<Path> dataDirectories(Path tempDir) {
        return List.of(tempDir.resolve("data"));
    }

    /** Roomy settings: every test batch of a case fits into one unit of storage (segment). */
    protected LogSettings settings() {
        return new LogSettings(1024 * 1024, Duration.ofDays(7).toMillis(), Long.MAX_VALUE, Long.MAX_VALUE, 256);
    }

    /**
     * Settings under which each {@link #unitFillingBatch} ends up in a unit of storage of its own,
     * for the cases about units (retention, reads across units).
     */
    protected LogSettings smallUnitSettings() {
        return new LogSettings(SMALL_UNIT_BYTES, Duration.ofDays(7).toMillis(), Long.MAX_VALUE, Long.MAX_VALUE, 128);
    }

    /** Stops the engine the way a killed process would leave it. The default closes it cleanly. */
    protected void stopAbruptly(StorageEngine engine) {
        engine.close();
    }

    @BeforeEach
    final void startEngine() {
        context = new TestStorageContext(dataDirectories(tempDir));
        engine = createEngine(context);
        await(engine.start());
    }

    @AfterEach
    final void stopEngine() {
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            context.close();
        }
    }

    // ---------------------------------------------------------------- helpers for subclasses

    /** The partition most cases use. */
    protected TopicPartitionId partition() {
        return partition;
    }

    protected PartitionLog open(LogSettings settings) {
        return open(partition, settings);
    }

    protected PartitionLog open(TopicPartitionId id, LogSettings settings) {
        return await(engine.openLog(id, settings));
    }

    /** Closes the engine cleanly and starts a new one over the same data. */
    protected void restart() {
        engine.close();
        engine = null;
        startAgain();
    }

    /** Stops the engine as {@link #stopAbruptly} does and starts a new one over the same data. */
    protected void crash() {
        stopAbruptly(engine);
        engine = null;
        startAgain();
    }

    void startAgain() {
        engine = createEngine(context);
        await(engine.start());
    }

    protected void assumeCapability(StorageCapability capability) {
        Assumptions.assumeTrue(engine.capabilities().contains(capability),
                () -> "the engine does not have " + capability);
    }

    /** A small batch: {@code records} records of 40-byte values at timestamp 1000 + base offset. */
    protected static TestBatch batch(long baseOffset, int records) {
        return TestBatch.of(baseOffset, records, 1000 + baseOffset, 40);
    }

    /** A two-record batch of more than half of {@link #SMALL_UNIT_BYTES}. */
    protected static TestBatch unitFillingBatch(long baseOffset, long timestamp) {
        return TestBatch.of(baseOffset, 2, timestamp, UNIT_FILLING_VALUE_BYTES / 2);
    }

    protected List<TestBatch> appendUnitFillingBatches(PartitionLog log, int count) {
        List<TestBatch> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(append(log, unitFillingBatch(log.logEndOffset(), 1000 + i)));
        }
        return batches;
    }

    protected static TestBatch append(PartitionLog log, TestBatch batch) {
        await(log.append(batch.buffer(), batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp()));
        return batch;
    }

    protected static LogSlice read(PartitionLog log, long fromOffset, int maxBytes) {
        return await(log.read(fromOffset, maxBytes, Long.MAX_VALUE, true));
    }

    /** Every byte from {@code fromOffset} to the log end, read in as many reads as it takes. */
    protected static byte[] readAll(PartitionLog log, long fromOffset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = fromOffset;
        long end = log.logEndOffset();
        while (next < end) {
            try (LogSlice slice = read(log, next, Integer.MAX_VALUE)) {
                assertThat(slice.sizeInBytes()).as("read at %d below the log end %d", next, end).isPositive();
                assertThat(slice.nextOffset()).as("next offset after a read at %d", next).isGreaterThan(next);
                out.writeBytes(LogSlices.bytes(slice));
                next = slice.nextOffset();
            }
        }
        return out.toByteArray();
    }

    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the stage failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The exception a stage failed with; fails the test if it succeeds instead. */
    protected static Throwable failure(CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (value instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // only releasing what an unexpected success returned
                }
            }
            throw new AssertionError("expected the stage to fail, but it completed with " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
