package io.samsa.core.coordinator.group;

/**
 * Where the coordinator's delayed work waits: the broker's timer wheel in production, a manual
 * clock in tests. Tasks run on the timer's thread and must only hand work to the coordinator.
 */
@FunctionalInterface
public interface GroupTimer {
    Cancellable schedule(long delayMs, Runnable task);

    /** A scheduled task that may still be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
