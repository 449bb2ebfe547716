package io.samsa.storage.file;

import static io.samsa.storage.file.FileEngineFixture.append;
import static io.samsa.storage.file.FileEngineFixture.await;
import static io.samsa.storage.file.FileEngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSlice;
import io.samsa.testkit.storage.LogSlices;
import io.samsa.testkit.storage.TestBatch;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A read skips over the batches the offset index vouches for instead of reading each header, and
 * must still return exactly the whole batches a walk over every batch would: from the batch
 * holding the fetch offset, as many as fit in the byte limit, none reaching the offset bound.
 */
class IndexedReadTest extends FileEngineTestBase {
    IndexedReadTest() {
        super("indexed-read", 0);
    }

    @ParameterizedTest(name = "index interval {0} bytes")
    @ValueSource(ints = {0, 1, 300, 4096, 1 << 20})
    void readsTheSameBatchesAsAWalkOverEveryBatch(int indexIntervalBytes) {
        FileLog log = fixture.open(partition, settings(1 << 20, indexIntervalBytes));
        Random random = new Random(indexIntervalBytes);
        List<TestBatch> batches = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            batches.add(append(log, TestBatch.of(log.logEndOffset(), 1 + random.nextInt(5), 1000 + i, random.nextInt(900))));
        }
        long end = log.logEndOffset();
        for (int probe = 0; probe < 600; probe++) {
            long from = random.nextLong(end);
            int maxBytes = random.nextInt(random.nextBoolean() ? 3000 : 70_000);
            long maxOffset = random.nextInt(4) == 0 ? from + random.nextInt(40) : Long.MAX_VALUE;
            boolean minOneBatch = random.nextBoolean();
            Expected expected = walk(batches, from, maxBytes, maxOffset, minOneBatch);
            try (LogSlice slice = await(log.read(from, maxBytes, maxOffset, minOneBatch))) {
                String what = "read(" + from + ", " + maxBytes + ", " + maxOffset + ", " + minOneBatch + ")";
                assertThat(slice.sizeInBytes()).as(what).isEqualTo(expected.bytes().length);
                assertThat(LogSlices.bytes(slice)).as(what).isEqualTo(expected.bytes());
                if (expected.bytes().length > 0) {
                    assertThat(slice.nextOffset()).as(what).isEqualTo(expected.nextOffset());
                }
            }
        }
    }

    private record Expected(byte[] bytes, long nextOffset) {}

    /** The answer of a read that looks at every batch in turn (the segment is large enough to hold them all). */
    private static Expected walk(List<TestBatch> batches, long from, int maxBytes, long maxOffset, boolean minOneBatch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = from;
        for (TestBatch batch : batches) {
            if (batch.lastOffset() < from) {
                continue;
            }
            int size = batch.buffer().remaining();
            boolean first = out.size() == 0;
            if (batch.lastOffset() >= maxOffset || (long) out.size() + size > maxBytes && !(first && minOneBatch)) {
                break;
            }
            byte[] bytes = new byte[size];
            batch.buffer().duplicate().get(bytes);
            out.writeBytes(bytes);
            next = batch.lastOffset() + 1;
        }
        return new Expected(out.toByteArray(), next);
    }
}
