package io.samsa.storage.file;

import static java.util.Objects.requireNonNull;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the appends to the logs of one data directory one after another, as a single task on the
 * blocking executor that keeps going while appends keep coming. A produce request that writes to
 * many partitions then hands its appends to the pool once, not once per partition: one thread
 * wake-up instead of several, and the writes do not compete for the same disk. Reads, flushes and
 * everything else still use the blocking executor directly. The engine uses a second one per data
 * directory, apart from this one, to force rolled segments one after another ({@link RolledSegmentFlusher}).
 */
final class AppendExecutor implements Executor {
    private final Executor blockingExecutor;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    AppendExecutor(Executor blockingExecutor) {
        this.blockingExecutor = requireNonNull(blockingExecutor, "blockingExecutor is null");
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!scheduled.compareAndSet(false, true)) {
            return; // the running (or scheduled) drain will run it
        }
        try {
            blockingExecutor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            tasks.remove(task);
            // Others queued meanwhile counted on this drain. The pool refuses work only once the engine
            // has closed its logs, so they fail fast (the log is closed) rather than wait forever.
            runQueued();
            throw e;
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
