package io.samsa.storage.file;

import static java.util.Objects.requireNonNull;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Runs the appends to the logs of one data directory one after another, as a single task on the
 * blocking executor that keeps going while appends keep coming. A produce request that writes to
 * many partitions then hands its appends to the pool once, not once per partition: one thread
 * wake-up instead of several, and the writes do not compete for the same disk. Reads, flushes and
 * everything else still use the blocking executor directly. The engine uses a second one per data
 * directory, apart from this one, to force rolled segments one after another ({@link RolledSegmentFlusher}).
 *
 * <p>An append may also run on the caller's thread ({@link #tryRunHere}) when no other append of
 * the directory is running or queued: a buffered write is a copy into the page cache, and for a
 * small one handing it to another thread and the answer back cost more CPU than the copy (two
 * thread wake-ups per request). Kafka's request threads write the same way. What may take long
 * stays on the pool: a caller keeps anything that can wait on the disk (rolls, forces) off this
 * path; a thread copies at most {@link #BURST_BYTES} back to back (a request to many partitions
 * hands the rest to the pool, and its network thread goes back to reading the connection while
 * they are copied); and a write that took longer than {@link #SLOW_WRITE_NANOS} (the kernel
 * throttling writers once too much of the page cache is dirty) sends the directory's appends
 * back to the pool for {@link #COOL_OFF_NANOS}.
 */
final class AppendExecutor implements Executor {
    /**
     * Longer than a buffered write of a request takes even when the thread is preempted meanwhile
     * (up to ~5 ms seen with a producer on the same two cores), as long as the kernel's pauses of
     * writers over the dirty limit commonly are.
     */
    static final long SLOW_WRITE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long COOL_OFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Bytes a thread copies here back to back, at most: about what two thread wake-ups cost in CPU. */
    static final int BURST_BYTES = 32 * 1024;
    /** Appends of one thread this close together count as back to back (one request's, or pipelined ones'). */
    static final long BURST_GAP_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final Executor blockingExecutor;
    private final LongSupplier nanoClock;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Set while an append runs or a drain is scheduled: the directory's single writer. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long inlineAllowedFromNanos;
    // The current burst of appends run here; touched only by the thread that set scheduled.
    private Thread burstThread;
    private long burstBytes;
    private long burstEndNanos;

    AppendExecutor(Executor blockingExecutor) {
        this(blockingExecutor, System::nanoTime);
    }

    AppendExecutor(Executor blockingExecutor, LongSupplier nanoClock) {
        this.blockingExecutor = requireNonNull(blockingExecutor, "blockingExecutor is null");
        this.nanoClock = requireNonNull(nanoClock, "nanoClock is null");
        this.inlineAllowedFromNanos = nanoClock.getAsLong();
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!scheduled.compareAndSet(false, true)) {
            return; // the running (or scheduled) drain will run it
        }
        schedule(task);
    }

    /**
     * Runs {@code task}, an append of {@code bytes}, on the calling thread and returns true if no
     * append of the directory is running or queued, the thread's burst stays within
     * {@link #BURST_BYTES}, and no slow write sent the appends to the pool lately; otherwise runs
     * nothing and returns false (the caller then {@link #execute}s it). Appends queued while it ran
     * are handed to the pool afterwards. {@code task} must not throw.
     */
    boolean tryRunHere(Runnable task, int bytes) {
        long started = nanoClock.getAsLong();
        if (started - inlineAllowedFromNanos < 0 || bytes > BURST_BYTES || !tasks.isEmpty()
                || !scheduled.compareAndSet(false, true)) {
            return false;
        }
        Thread caller = Thread.currentThread();
        boolean backToBack = caller == burstThread && started - burstEndNanos < BURST_GAP_NANOS;
        long burst = backToBack ? burstBytes + bytes : bytes;
        if (burst > BURST_BYTES) {
            release();
            return false;
        }
        try {
            task.run();
        } finally {
            long finished = nanoClock.getAsLong();
            if (finished - started > SLOW_WRITE_NANOS) {
                inlineAllowedFromNanos = finished + COOL_OFF_NANOS;
            }
            burstThread = caller;
            burstBytes = burst;
            burstEndNanos = finished;
            release();
        }
        return true;
    }

    /** Gives up the directory's writer role; appends queued meanwhile go to the pool. */
    private void release() {
        scheduled.set(false);
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            schedule(null);
        }
    }

    /** Starts a drain; {@code task} is the caller's own, to take back if the pool refuses. */
    private void schedule(Runnable task) {
        try {
            blockingExecutor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            if (task != null) {
                tasks.remove(task);
            }
            // Others queued meanwhile counted on this drain. The pool refuses work only once the engine
            // has closed its logs, so they fail fast (the log is closed) rather than wait forever.
            runQueued();
            if (task != null) {
                throw e;
            }
        }
    }

    private void drain() {
        do {
            runQueued();
            scheduled.set(false);
            // An append queued after the last poll but before the flag was cleared saw a drain running.
        } while (!tasks.isEmpty() && scheduled.compareAndSet(false, true));
    }

    private void runQueued() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // Appends complete their own stages; whatever else fails must not stop the appends behind it.
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, e);
            }
        }
    }
}
