package io.samsa.core.coordinator;

import static java.util.Objects.requireNonNull;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The single thread a coordinator's state lives on: requests hop onto it ({@link #call}) and
 * completed writes come back to it ({@link #completeOnThread}), so that state needs no locks.
 */
public final class CoordinatorThread implements AutoCloseable {
    private final Executor executor;
    private final ThreadPoolExecutor owned;

    private CoordinatorThread(Executor executor, ThreadPoolExecutor owned) {
        this.executor = requireNonNull(executor, "executor is null");
        this.owned = owned;
    }

    /** A thread of its own, named {@code name}; after {@link #close}, late timer and write callbacks are dropped. */
    public static CoordinatorThread named(String name) {
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(name, true), new ThreadPoolExecutor.DiscardPolicy());
        return new CoordinatorThread(thread, thread);
    }

    /** For tests: any executor that runs tasks one at a time, in order (a direct one included). */
    public static CoordinatorThread on(Executor executor) {
        return new CoordinatorThread(executor, null);
    }

    public Executor executor() {
        return executor;
    }

    /**
     * Runs {@code work} on the thread; the result completes as the stage it returns does.
     * COORDINATOR_NOT_AVAILABLE once the thread is closed.
     */
    public <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (owned != null && owned.isShutdown()) {
            result.completeExceptionally(new ApiErrorException(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                    "The coordinator is not available."));
            return result;
        }
        executor.execute(() -> {
            try {
                work.get().whenComplete((value, failure) -> complete(result, value, failure));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** A stage that completes as {@code stage} does, but on the thread. */
    public <T> CompletableFuture<T> completeOnThread(CompletionStage<T> stage) {
        CompletableFuture<T> done = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> executor.execute(() -> complete(done, value, failure)));
        return done;
    }

    /** Starts a write; the returned stage completes on the thread, failed also if starting it threw. */
    public <T> CompletableFuture<T> completeOnThread(Supplier<? extends CompletionStage<T>> write) {
        CompletionStage<T> started;
        try {
            started = write.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return completeOnThread(started);
    }

    private static <T> void complete(CompletableFuture<T> target, T value, Throwable failure) {
        if (failure != null) {
            target.completeExceptionally(failure);
        } else {
            target.complete(value);
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
        }
    }
}
