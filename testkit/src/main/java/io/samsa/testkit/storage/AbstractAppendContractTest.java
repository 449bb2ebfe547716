package io.samsa.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.PartitionLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Storage conformance: appends. What an append stores, when the log end moves, which offsets an
 * append may take, and that readers racing appends only ever see whole batches.
 */
public abstract class AbstractAppendContractTest extends StorageEngineContractBase {
    @Test
    public void readReturnsAppendedBatchesByteForByte() {
        // Given
        PartitionLog log = open(settings());
        TestBatch first = batch(0, 3);
        TestBatch second = batch(3, 2);

        // When
        append(log, first);
        append(log, second);

        // Then
        assertThat(log.logStartOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(5);
        try (LogSlice slice = read(log, 0, Integer.MAX_VALUE)) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(TestBatch.concat(List.of(first, second)));
            assertThat(slice.sizeInBytes()).isEqualTo(first.sizeInBytes() + second.sizeInBytes());
            assertThat(slice.nextOffset()).isEqualTo(5);
        }
        assertThat(log.sizeInBytes()).isGreaterThanOrEqualTo(first.sizeInBytes() + second.sizeInBytes());
    }

    @Test
    public void appendDoesNotKeepTheCallersBuffer() {
        // Given
        PartitionLog log = open(settings());
        TestBatch batch = batch(0, 2);
        ByteBuffer buffer = batch.buffer();

        // When
        await(log.append(buffer, batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp()));
        Arrays.fill(buffer.array(), (byte) 0x5A);

        // Then
        assertThat(readAll(log, 0)).isEqualTo(batch.bytes());
    }

    @Test
    public void appendOfSeveralBatchesAtOnceStoresEachBatch() {
        // Given
        PartitionLog log = open(settings());
        List<TestBatch> batches = List.of(batch(0, 2), batch(2, 3), batch(5, 1));

        // When
        await(log.append(ByteBuffer.wrap(TestBatch.concat(batches)), 0, 5, batches.get(2).maxTimestamp()));

        // Then
        assertThat(log.logEndOffset()).isEqualTo(6);
        try (LogSlice slice = read(log, 3, Integer.MAX_VALUE)) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(TestBatch.concat(batches.subList(1, 3)));
            assertThat(slice.nextOffset()).isEqualTo(6);
        }
        try (LogSlice slice = read(log, 5, Integer.MAX_VALUE)) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(batches.get(2).bytes());
        }
    }

    @Test
    public void logEndOffsetMovesOnlyOnceTheAppendCompleted() {
        // Given
        PartitionLog log = open(settings());
        append(log, batch(0, 2));
        TestBatch next = batch(2, 3);

        // When
        context.pausableExecutor().pause();
        CompletableFuture<Void> appending = log.append(next.buffer(), next.baseOffset(), next.lastOffset(),
                next.maxTimestamp()).toCompletableFuture();

        // Then
        if (!appending.isDone()) {
            assertThat(log.logEndOffset()).isEqualTo(2);
        }
        context.pausableExecutor().resume();
        await(appending);
        assertThat(log.logEndOffset()).isEqualTo(5);
        try (LogSlice slice = read(log, 2, Integer.MAX_VALUE)) {
            assertThat(LogSlices.bytes(slice)).isEqualTo(next.bytes());
        }
    }

    @Test
    public void appendAtAnotherOffsetThanTheLogEndFails() {
        // Given
        PartitionLog log = open(settings());
        TestBatch first = append(log, batch(0, 3));
        TestBatch gap = batch(4, 2);
        TestBatch overlap = batch(2, 2);

        // When
        Throwable afterEnd = failure(log.append(gap.buffer(), gap.baseOffset(), gap.lastOffset(), gap.maxTimestamp()));
        Throwable beforeEnd = failure(log.append(overlap.buffer(), overlap.baseOffset(), overlap.lastOffset(),
                overlap.maxTimestamp()));

        // Then
        assertThat(afterEnd).isNotNull();
        assertThat(beforeEnd).isNotNull();
        assertThat(log.logEndOffset()).isEqualTo(3);
        TestBatch next = append(log, batch(3, 1));
        assertThat(readAll(log, 0)).isEqualTo(TestBatch.concat(List.of(first, next)));
    }

    @Test
    public void concurrentReadsSeeOnlyWholeAppendedBatches() throws Exception {
        // Given
        PartitionLog log = open(smallUnitSettings());
        int batchCount = 150;
        List<TestBatch> batches = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < batchCount; i++) {
            TestBatch batch = TestBatch.of(offset, 1 + i % 4, 1000 + i, 50 + (i * 37) % 400);
            batches.add(batch);
            offset = batch.nextOffset();
        }
        long end = offset;
        byte[] expected = TestBatch.concat(batches);
        AtomicBoolean appending = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(3);

        // When
        try {
            List<CompletableFuture<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int maxBytes = 300 + i * 700;
                reads.add(CompletableFuture.supplyAsync(() -> tail(log, end, maxBytes), readers));
            }
            for (TestBatch batch : batches) {
                append(log, batch);
            }
            appending.set(false);

            // Then
            for (CompletableFuture<byte[]> read : reads) {
                assertThat(read.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    /** Reads from offset 0 to {@code end} as a consumer would while the log grows. */
    private static byte[] tail(PartitionLog log, long end, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = 0;
        while (next < end) {
            long endBefore = log.logEndOffset();
            try (LogSlice slice = await(log.read(next, maxBytes, Long.MAX_VALUE, true))) {
                if (slice.sizeInBytes() > 0) {
                    out.writeBytes(LogSlices.bytes(slice));
                    next = slice.nextOffset();
                } else if (next < endBefore) {
                    throw new AssertionError("empty read at " + next + " below the log end " + endBefore);
                } else {
                    Thread.onSpinWait();
                }
            }
        }
        return out.toByteArray();
    }
}
