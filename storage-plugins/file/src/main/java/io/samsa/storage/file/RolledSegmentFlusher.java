package io.samsa.storage.file;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Forces the segments a roll sealed, off the append path, and keeps the log's recovery point: every
 * segment that ends at or below it is on stable storage, so opening the log trusts those and recovers
 * the rest (see {@link LogLoader}). A roll only hands the sealed segment over; the force runs later
 * on the blocking executor, one segment at a time in roll order, and only then does the recovery
 * point move (persisted atomically in the partition directory, like Kafka's recovery point
 * checkpoint). Forcing a large segment can take seconds, and the appends of a whole data directory
 * share one task, so none of them waits for it.
 */
final class RolledSegmentFlusher {
    /** Forces a sealed segment's data and indexes; tests put a slower or held one in. */
    @FunctionalInterface
    interface Forcer {
        void force(LogSegment segment) throws IOException;
    }

    static final Forcer FORCE = LogSegment::force;

    /**
     * How the logs of one data directory force their rolled segments: one after another on
     * {@code serial}, so that rolls never hold more than one thread of the bounded blocking pool
     * per data directory (in roll order, which the recovery point relies on).
     */
    record Forcing(Executor serial, Forcer forcer) {}

    private static final System.Logger LOG = System.getLogger(RolledSegmentFlusher.class.getName());

    private final PartitionDirectory directory;
    /** Runs the forces one after another, so the recovery point never moves past a segment not yet forced. */
    private final Executor serial;
    private final Forcer forcer;
    private final BooleanSupplier logOpen;
    private final Runnable onFailure;

    private final Object lock = new Object();
    private long recoveryPoint;
    /**
     * Bumped (under {@link #lock}) by truncation and close, so a force that started before them does not
     * move the recovery point. Read without the lock by a roll, which must not wait for a checkpoint write.
     */
    private volatile long generation;

    /**
     * @param recoveryPoint the persisted recovery point (what the log's loading made true)
     * @param logOpen whether the log is still open and healthy
     * @param onFailure told when a force fails: the log can no longer promise what recovery expects
     */
    RolledSegmentFlusher(PartitionDirectory directory, Forcing forcing, long recoveryPoint, BooleanSupplier logOpen,
            Runnable onFailure) {
        this.directory = directory;
        this.serial = forcing.serial();
        this.forcer = forcing.forcer();
        this.recoveryPoint = recoveryPoint;
        this.logOpen = logOpen;
        this.onFailure = onFailure;
    }

    long recoveryPoint() {
        synchronized (lock) {
            return recoveryPoint;
        }
    }

    /** The writer rolled past {@code sealed} (its writes finished); forces it later. */
    void rolled(LogSegment sealed) {
        long startedIn = generation;
        try {
            serial.execute(() -> forceAndAdvance(sealed, startedIn));
        } catch (RejectedExecutionException e) {
            // The pool refuses work only once the engine closes; closing the log forces what is left.
        }
    }

    private void forceAndAdvance(LogSegment sealed, long startedIn) {
        if (!logOpen.getAsBoolean()) {
            return;
        }
        try {
            if (sealed.file().tryRetain()) {
                try {
                    forcer.force(sealed);
                } finally {
                    sealed.file().release();
                }
            }
            // Retention or truncation may have unlinked it meanwhile: that must be durable before the recovery
            // point vouches for it, or an unforced file could come back after a crash and be trusted.
            directory.fsync();
            advance(sealed.nextOffset(), startedIn);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "forcing the rolled " + sealed + " failed", e);
            onFailure.run();
        }
    }

    private void advance(long offset, long startedIn) throws IOException {
        synchronized (lock) {
            if (startedIn != generation || offset <= recoveryPoint || !logOpen.getAsBoolean()) {
                return;
            }
            directory.writeRecoveryPoint(offset);
            recoveryPoint = offset;
        }
    }

    /**
     * The writer is about to cut the log at {@code offset}: the recovery point comes down first, since
     * segments written after the cut reuse the offsets above it and are not forced yet.
     */
    void truncatingTo(long offset) throws IOException {
        synchronized (lock) {
            generation++;
            if (offset < recoveryPoint) {
                directory.writeRecoveryPoint(offset);
                recoveryPoint = offset;
            }
        }
    }

    /**
     * The log closes: forces now every sealed segment the recovery point does not cover and moves it
     * up to {@code activeBaseOffset}. Forces still queued find the log closed and do nothing.
     */
    void closing(Collection<LogSegment> sealed, long activeBaseOffset) throws IOException {
        synchronized (lock) {
            generation++;
            for (LogSegment segment : sealed) {
                if (segment.nextOffset() > recoveryPoint) {
                    forcer.force(segment);
                }
            }
            if (activeBaseOffset > recoveryPoint) {
                directory.writeRecoveryPoint(activeBaseOffset);
                recoveryPoint = activeBaseOffset;
            }
        }
    }
}
