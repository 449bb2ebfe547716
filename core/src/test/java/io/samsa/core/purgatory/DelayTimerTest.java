package io.samsa.core.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DelayTimerTest {
    @Test
    void aTaskRunsAfterItsDelay() throws InterruptedException {
        try (DelayTimer timer = new DelayTimer()) {
            CountDownLatch ran = new CountDownLatch(2);
            timer.schedule(20, ran::countDown);
            timer.scheduleDeadline(20, ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closingRunsPendingDeadlinesEarlyAndDropsOtherTasks() {
        AtomicInteger deadlines = new AtomicInteger();
        AtomicInteger others = new AtomicInteger();
        DelayTimer timer = new DelayTimer();
        timer.scheduleDeadline(60_000, deadlines::incrementAndGet);
        timer.scheduleDeadline(60_000, deadlines::incrementAndGet);
        timer.schedule(60_000, others::incrementAndGet);

        timer.close();

        assertThat(deadlines).hasValue(2);
        assertThat(others).hasValue(0);
    }

    @Test
    void aCancelledDeadlineDoesNotRunAtClose() {
        AtomicInteger runs = new AtomicInteger();
        DelayTimer timer = new DelayTimer();
        timer.scheduleDeadline(60_000, runs::incrementAndGet).cancel();

        timer.close();

        assertThat(runs).hasValue(0);
    }
}
