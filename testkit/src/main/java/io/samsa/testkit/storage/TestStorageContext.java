package io.samsa.testkit.storage;

import static java.util.Objects.requireNonNull;

import io.samsa.api.storage.BatchFormat;
import io.samsa.api.storage.StorageContext;
import io.samsa.api.storage.StorageSpi;
import io.samsa.core.log.RecordBatchFormat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A real {@link StorageContext} for engine tests: the broker's batch format, a clock the test
 * moves by hand, data directories the test chooses and a pool the test can pause. Closing it
 * stops the pool; the directories are the test's to remove.
 */
public final class TestStorageContext implements StorageContext, AutoCloseable {
    /** Where {@link #clock()} starts: a fixed instant, so runs are repeatable. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private final List<Path> dataDirectories;
    private final PausableExecutor executor = new PausableExecutor(4, "storage-io");
    private final BatchFormat batchFormat = new RecordBatchFormat();

    public TestStorageContext(List<Path> dataDirectories) {
        this.dataDirectories = List.copyOf(requireNonNull(dataDirectories, "dataDirectories is null"));
        if (this.dataDirectories.isEmpty()) {
            throw new IllegalArgumentException("at least one data directory is needed");
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }

    public ManualClock manualClock() {
        return clock;
    }

    @Override
    public List<Path> dataDirectories() {
        return dataDirectories;
    }

    @Override
    public Executor blockingExecutor() {
        return executor;
    }

    public PausableExecutor pausableExecutor() {
        return executor;
    }

    @Override
    public BatchFormat batchFormat() {
        return batchFormat;
    }

    @Override
    public String spiVersion() {
        return StorageSpi.VERSION;
    }

    @Override
    public void close() {
        executor.close();
    }
}
