package io.samsa.core.purgatory;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
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

    @Override
    public void close() {
        wheel.stop();
    }

    /** A scheduled task that may still be called off. */
    @FunctionalInterface
    public interface Cancellable {
        void cancel();
    }
}
