package io.samsa.storage.file;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Checks every open log at a fixed pace and lets those whose flush interval has passed force
 * their data (on the blocking executor; this thread only looks at clocks and counters).
 */
final class PeriodicFlusher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeriodicFlusher.class.getName());

    private final Clock clock;
    private final Duration checkInterval;
    private final Supplier<Collection<FileLog>> logs;
    private final ScheduledExecutorService scheduler;

    PeriodicFlusher(Clock clock, Duration checkInterval, Supplier<Collection<FileLog>> logs) {
        this.clock = clock;
        this.checkInterval = checkInterval;
        this.logs = logs;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "samsa-storage-file-flusher");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        long millis = checkInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void check() {
        // An exception would cancel every later run, so none may escape.
        try {
            long now = clock.millis();
            for (FileLog log : logs.get()) {
                log.flushIfDue(now);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "periodic flush check failed", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
