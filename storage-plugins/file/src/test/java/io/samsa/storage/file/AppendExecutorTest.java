package io.samsa.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppendExecutorTest {
    private static final int KIB = 1024;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "pool"));
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AppendExecutor appends = new AppendExecutor(pool, nanos::get);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void anAppendRunsOnTheCallersThreadWhenTheDirectoryIsIdle() {
        // When
        boolean here = appends.tryRunHere(() -> ran.add(Thread.currentThread().getName()), KIB);

        // Then
        assertThat(here).isTrue();
        assertThat(ran).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void anAppendWaitsItsTurnWhileAnotherRunsOnThePool() throws InterruptedException {
        // Given
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        appends.execute(() -> {
            blocked.countDown();
            await(release);
            ran.add("first");
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

        // When
        boolean here = appends.tryRunHere(() -> ran.add("second, here"), KIB);
        appends.execute(() -> ran.add("second"));
        release.countDown();

        // Then
        assertThat(here).isFalse();
        awaitRan(2);
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void anAppendQueuedWhileOneRunsHereIsHandedToThePoolAfterwards() {
        // When
        boolean here = appends.tryRunHere(() -> {
            ran.add("here");
            // Another thread's append arriving meanwhile: it must neither run now nor be left behind.
            appends.execute(() -> ran.add("queued on " + Thread.currentThread().getName()));
            assertThat(ran).containsExactly("here");
        }, KIB);

        // Then
        assertThat(here).isTrue();
        awaitRan(2);
        assertThat(ran).containsExactly("here", "queued on pool");
    }

    @Test
    void aSlowWriteSendsTheAppendsToThePoolForACoolOff() {
        // Given
        appends.tryRunHere(() -> nanos.addAndGet(AppendExecutor.SLOW_WRITE_NANOS + 1), KIB);

        // When
        boolean duringCoolOff = appends.tryRunHere(() -> ran.add("during"), KIB);
        nanos.addAndGet(AppendExecutor.COOL_OFF_NANOS);
        boolean afterCoolOff = appends.tryRunHere(() -> ran.add("after"), KIB);

        // Then
        assertThat(duringCoolOff).isFalse();
        assertThat(afterCoolOff).isTrue();
        assertThat(ran).containsExactly("after");
    }

    @Test
    void fastWritesKeepRunningHere() {
        // When
        int here = 0;
        for (int i = 0; i < 100; i++) {
            if (appends.tryRunHere(() -> nanos.addAndGet(AppendExecutor.SLOW_WRITE_NANOS), 16 * KIB)) {
                here++;
            }
            nanos.addAndGet(AppendExecutor.BURST_GAP_NANOS);
        }

        // Then
        assertThat(here).isEqualTo(100);
    }

    @Test
    void aThreadCopiesAtMostABurstBackToBack() {
        // When: a request's appends to three partitions, one right after the other
        List<Boolean> oneRequest = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            oneRequest.add(appends.tryRunHere(() -> nanos.addAndGet(1_000), AppendExecutor.BURST_BYTES / 2));
        }
        nanos.addAndGet(AppendExecutor.BURST_GAP_NANOS);
        boolean nextRequest = appends.tryRunHere(() -> { }, AppendExecutor.BURST_BYTES / 2);

        // Then
        assertThat(oneRequest).containsExactly(true, true, false);
        assertThat(nextRequest).isTrue();
    }

    @Test
    void anAppendLargerThanABurstRunsOnThePool() {
        // When
        boolean here = appends.tryRunHere(() -> ran.add("large"), AppendExecutor.BURST_BYTES + 1);

        // Then
        assertThat(here).isFalse();
        assertThat(ran).isEmpty();
    }

    private void awaitRan(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(ran).hasSize(count);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
