package io.samsa.core.purgatory;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One timer wheel for every delayed operation (long-poll fetches, later acks=all and joins): a
 * waiting request costs a timer slot, never a sleeping thread.
 */
public final class DelayTimer implements AutoCloseable {
    private final HashedWheelTimer wheel = new HashedWheelTimer(new DefaultThreadFactory("samsa-delay-timer", true),
            10, TimeUnit.MILLISECONDS);

    /** Runs {@code task} on the timer thread after {@code delayMs}; the task must not block. */
    public Cancellable schedule(long delayMs, Runnable task) {
        Timeout timeout = wheel.newTimeout(ignored -> task.run(), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return timeout::cancel;
    }

    /**
     * As {@link #schedule}, for the deadline of a parked request: should the timer close first (the
     * broker stopping), the task runs then, early, so that the request ends and gives back its
     * buffers rather than being dropped while it holds them.
     */
    public Cancellable scheduleDeadline(long delayMs, Runnable task) {
        Timeout timeout = wheel.newTimeout(new Deadline(task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return timeout::cancel;
    }

    @Override
    public void close() {
        for (Timeout unexpired : wheel.stop()) {
            if (unexpired.task() instanceof Deadline deadline) {
                deadline.task.run();
            }
        }
    }

    private record Deadline(Runnable task) implements TimerTask {
        @Override
        public void run(Timeout timeout) {
            task.run();
        }
    }

    /** A scheduled task that may still be called off. */
    @FunctionalInterface
    public interface Cancellable {
        void cancel();
    }
}
