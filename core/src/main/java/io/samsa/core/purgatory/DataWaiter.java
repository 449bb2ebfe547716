package io.samsa.core.purgatory;

import io.samsa.core.log.Log;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Waits, without a thread, until any of some logs gets new data or a deadline passes, whichever
 * comes first. Used by long-poll fetches: the fetch reads again once this completes.
 */
public final class DataWaiter implements Runnable {
    private final List<Log> logs;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile DelayTimer.Cancellable timeout;

    private DataWaiter(List<Log> logs) {
        this.logs = logs;
    }

    /**
     * @param arrivedMeanwhile checked once the waiter is registered, to catch data appended between
     *     the caller's last read and now
     */
    public static CompletionStage<Void> awaitAppend(List<Log> logs, long maxWaitMs, DelayTimer timer,
            BooleanSupplier arrivedMeanwhile) {
        DataWaiter waiter = new DataWaiter(logs);
        logs.forEach(log -> log.onAppend(waiter));
        waiter.timeout = timer.schedule(maxWaitMs, waiter);
        if (arrivedMeanwhile.getAsBoolean()) {
            waiter.run();
        }
        return waiter.done;
    }

    /** Fired by an append or the deadline; only the first call counts. */
    @Override
    public void run() {
        if (fired.compareAndSet(false, true)) {
            logs.forEach(log -> log.removeAppendListener(this));
            DelayTimer.Cancellable pending = timeout;
            if (pending != null) {
                pending.cancel();
            }
            done.complete(null);
        }
    }
}
