package io.samsa.core.coordinator.group;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A timer and clock that move only when a test says so; due tasks run on the test's thread. */
public final class ManualTimer extends Clock implements GroupTimer {
    private long now = 1_000_000;
    private long sequence;
    private final List<Task> tasks = new ArrayList<>();

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        Task scheduled = new Task(now + Math.max(0, delayMs), sequence++, task);
        tasks.add(scheduled);
        return () -> scheduled.cancelled = true;
    }

    /** Moves time forward, running every task that falls due, in due order. */
    public void advance(long ms) {
        long target = now + ms;
        while (true) {
            Task next = tasks.stream().filter(task -> !task.cancelled && task.due <= target)
                    .min(Comparator.comparingLong((Task task) -> task.due).thenComparingLong(task -> task.sequence))
                    .orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due);
            next.task.run();
        }
        now = target;
        tasks.removeIf(task -> task.cancelled);
    }

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(now);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    private static final class Task {
        final long due;
        final long sequence;
        final Runnable task;
        boolean cancelled;

        Task(long due, long sequence, Runnable task) {
            this.due = due;
            this.sequence = sequence;
            this.task = task;
        }
    }
}
