package io.samsa.storage.file;

import io.samsa.api.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * Forces a log's data to stable storage with group commit: whoever asks for durability while a
 * force is running waits for the next one, and that one force serves all of them. At most one
 * force runs at a time; each covers everything written before it started.
 */
final class GroupCommitFlusher {
    /** Forces the data between two offsets (the caller picks the segments). */
    @FunctionalInterface
    interface Force {
        void force(long fromOffset, long toOffset) throws IOException;
    }

    private record Waiter(long offset, CompletableFuture<Void> done) {}

    private final Executor executor;
    private final LongSupplier writtenEndOffset;
    private final Force force;
    private final Runnable onFailure;

    private final List<Waiter> waiters = new ArrayList<>();
    private long durableOffset;
    private boolean forcing;
    /** Bumped by truncation, so a force that started before it does not vouch for data written after it. */
    private long generation;
    private int forces;

    /**
     * @param durableOffset everything below it is on stable storage already
     * @param writtenEndOffset one past the last offset written to the files (not necessarily published)
     * @param onFailure told when a force fails: the log can no longer promise durability
     */
    GroupCommitFlusher(Executor executor, long durableOffset, LongSupplier writtenEndOffset, Force force,
            Runnable onFailure) {
        this.executor = executor;
        this.durableOffset = durableOffset;
        this.writtenEndOffset = writtenEndOffset;
        this.force = force;
        this.onFailure = onFailure;
    }

    /** Completes once everything below {@code offset} is on stable storage. */
    CompletableFuture<Void> flushUpTo(long offset) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean start;
        synchronized (this) {
            if (offset <= durableOffset) {
                return CompletableFuture.completedFuture(null);
            }
            waiters.add(new Waiter(offset, done));
            start = !forcing;
            forcing = true;
        }
        if (start) {
            submitRound();
        }
        return done;
    }

    synchronized long durableOffset() {
        return durableOffset;
    }

    /** Forces performed so far; lets tests see that waiters shared one. */
    synchronized int forces() {
        return forces;
    }

    /** The log was cut at {@code offset}: nothing at or after it is durable any more. */
    synchronized void truncatedTo(long offset) {
        durableOffset = Math.min(durableOffset, offset);
        generation++;
    }

    private void submitRound() {
        try {
            executor.execute(this::round);
        } catch (RejectedExecutionException e) {
            failAll(new StorageException("flush was refused by the blocking executor", e));
        }
    }

    private void round() {
        List<Waiter> served;
        long from;
        long startedIn;
        synchronized (this) {
            served = List.copyOf(waiters);
            waiters.clear();
            from = durableOffset;
            startedIn = generation;
        }
        // Read after taking the waiters: what they asked for was written before, so the force covers it.
        long target = writtenEndOffset.getAsLong();
        try {
            if (target > from) {
                force.force(from, target);
            }
        } catch (IOException | RuntimeException e) {
            onFailure.run();
            StorageException failure = new StorageException("forcing log data to stable storage failed: "
                    + e.getMessage(), e);
            served.forEach(waiter -> waiter.done().completeExceptionally(failure));
            failAll(failure);
            return;
        }
        boolean again;
        synchronized (this) {
            forces++;
            if (startedIn == generation) {
                durableOffset = Math.max(durableOffset, target);
            }
            again = !waiters.isEmpty();
            forcing = again;
        }
        if (again) {
            submitRound();
        }
        served.forEach(waiter -> waiter.done().complete(null));
    }

    private void failAll(StorageException failure) {
        List<Waiter> failed;
        synchronized (this) {
            failed = List.copyOf(waiters);
            waiters.clear();
            forcing = false;
        }
        failed.forEach(waiter -> waiter.done().completeExceptionally(failure));
    }
}
