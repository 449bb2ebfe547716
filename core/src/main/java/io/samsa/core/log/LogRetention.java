package io.samsa.core.log;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.LogConfig;
import io.samsa.core.purgatory.DelayTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code log.retention.check.interval.ms}, lets each log drop the storage its topic's
 * {@code retention.ms} / {@code retention.bytes} no longer keep. Runs on the timer; the deletions
 * themselves happen on the engine's threads.
 */
public final class LogRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogRetention.class);

    private final LogManager logs;
    private final DelayTimer timer;
    private final long intervalMs;
    private volatile boolean running;

    @Inject
    public LogRetention(LogManager logs, DelayTimer timer, LogConfig config) {
        this.logs = requireNonNull(logs, "logs is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.intervalMs = config.retentionCheckIntervalMs();
    }

    public void start() {
        running = true;
        timer.schedule(intervalMs, this::check);
    }

    private void check() {
        if (!running) {
            return;
        }
        for (Log partition : logs.all()) {
            long before = partition.logStartOffset();
            partition.applyRetention().whenComplete((start, failure) -> {
                if (failure != null) {
                    log.warn("Retention of {} failed", partition.id(), failure);
                } else if (start > before) {
                    log.info("Retention moved the start of {} from {} to {}", partition.id(), before, start);
                }
            });
        }
        timer.schedule(intervalMs, this::check);
    }

    @Override
    public void close() {
        running = false;
    }
}
