package io.samsa.storage.file;

import io.samsa.api.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Runs blocking work on the broker's blocking executor; failures complete the stage, never throw. */
final class Async {
    @FunctionalInterface
    interface IoWork<T> {
        T run() throws IOException;
    }

    private Async() {}

    static <T> CompletableFuture<T> supply(Executor executor, String what, IoWork<T> work) {
        return supply(executor, what, null, work);
    }

    /**
     * As {@link #supply(Executor, String, IoWork)}, for work named "{@code action} {@code subject}":
     * the name is put together only for a failure, not on every call of a hot path.
     */
    static <T> CompletableFuture<T> supply(Executor executor, String action, Object subject, IoWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> complete(result, action, subject, work));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new StorageException(name(action, subject) + " was refused by the blocking executor", e));
        }
        return result;
    }

    /** Runs {@code work} here and completes {@code result} with what it returns or throws. */
    static <T> void complete(CompletableFuture<T> result, String action, Object subject, IoWork<T> work) {
        try {
            result.complete(work.run());
        } catch (IOException | UncheckedIOException e) {
            result.completeExceptionally(new StorageException(name(action, subject) + " failed: " + e.getMessage(), e));
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    private static String name(String action, Object subject) {
        return subject == null ? action : action + " " + subject;
    }

    static <T> CompletableFuture<T> failed(Throwable cause) {
        return CompletableFuture.failedFuture(cause);
    }
}
