package io.samsa.core.purgatory;

import io.samsa.core.log.Log;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Waits, without a thread, until any of some logs gets data the waiter can read or a deadline
 * passes, whichever comes first. Used by long-poll fetches: the fetch reads again once this
 * completes. An append the waiter cannot read yet (a read_committed fetch behind an open
 * transaction) does not end the wait.
 */
public final class DataWaiter {
    private final List<Log> logs;
    private final BooleanSupplier readable;
    private final Runnable listener = this::onAppend;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile DelayTimer.Cancellable timeout;

    private DataWaiter(List<Log> logs, BooleanSupplier readable) {
        this.logs = logs;
        this.readable = readable;
    }

    /**
     * @param readable whether new data is readable since the caller's last read; checked after
     *     each append to the logs, and once the waiter is registered to catch data appended
     *     between the caller's last read and now
     */
    public static CompletionStage<Void> awaitAppend(List<Log> logs, long maxWaitMs, DelayTimer timer,
            BooleanSupplier readable) {
        DataWaiter waiter = new DataWaiter(logs, readable);
        logs.forEach(log -> log.onAppend(waiter.listener));
        waiter.timeout = timer.scheduleDeadline(maxWaitMs, waiter::fire);
        waiter.onAppend();
        return waiter.done;
    }

    private void onAppend() {
        if (!fired.get() && readable.getAsBoolean()) {
            fire();
        }
    }

    /** Fired by a readable append or the deadline; only the first call counts. */
    private void fire() {
        if (fired.compareAndSet(false, true)) {
            logs.forEach(log -> log.removeAppendListener(listener));
            DelayTimer.Cancellable pending = timeout;
            if (pending != null) {
                pending.cancel();
            }
            done.complete(null);
        }
    }
}
