package io.samsa.testkit.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small thread pool that a test can pause: while paused, submitted tasks wait in order and
 * run once it resumes. Lets a test look at an engine between "asked to do I/O" and "I/O done".
 */
public final class PausableExecutor implements Executor, AutoCloseable {
    private final ExecutorService pool;
    private final List<Runnable> held = new ArrayList<>();
    private boolean paused;

    public PausableExecutor(int threads, String namePrefix) {
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, namePrefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void execute(Runnable task) {
        synchronized (held) {
            if (paused) {
                held.add(task);
                return;
            }
        }
        pool.execute(task);
    }

    /** Holds back every task submitted from now on. */
    public void pause() {
        synchronized (held) {
            paused = true;
        }
    }

    /** Runs the held tasks and stops holding new ones. */
    public void resume() {
        List<Runnable> release;
        synchronized (held) {
            paused = false;
            release = List.copyOf(held);
            held.clear();
        }
        release.forEach(pool::execute);
    }

    /** Tasks waiting for {@link #resume()}. */
    public int heldTasks() {
        synchronized (held) {
            return held.size();
        }
    }

    @Override
    public void close() {
        resume();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
