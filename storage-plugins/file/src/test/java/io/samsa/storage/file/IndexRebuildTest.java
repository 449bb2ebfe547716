package io.samsa.storage.file;

import static io.samsa.storage.file.FileEngineFixture.appendBatches;
import static io.samsa.storage.file.FileEngineFixture.await;
import static io.samsa.storage.file.FileEngineFixture.readAll;
import static io.samsa.storage.file.FileEngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSettings;
import io.samsa.api.storage.LogSlice;
import io.samsa.testkit.storage.LogSlices;
import io.samsa.testkit.storage.TestBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IndexRebuildTest extends FileEngineTestBase {
    private static final LogSettings SETTINGS = settings(4096, 256);

    private List<TestBatch> batches;
    private Map<Path, byte[]> sealedIndexes;

    IndexRebuildTest() {
        super("indexed", 1);
    }

    @BeforeEach
    void writeALogOfSeveralSegments() throws IOException {
        FileLog log = fixture.open(partition, SETTINGS);
        batches = appendBatches(log, 60, 1, 250);
        fixture.restart();
        sealedIndexes = new LinkedHashMap<>();
        List<Long> bases = LogFiles.segmentBaseOffsets(fixture.directory(partition));
        for (long base : bases.subList(0, bases.size() - 1)) {
            Path directory = fixture.directory(partition);
            sealedIndexes.put(SegmentFileNames.offsetIndex(directory, base),
                    Files.readAllBytes(SegmentFileNames.offsetIndex(directory, base)));
            sealedIndexes.put(SegmentFileNames.timeIndex(directory, base),
                    Files.readAllBytes(SegmentFileNames.timeIndex(directory, base)));
        }
    }

    enum Damage {
        DELETED,
        EMPTIED,
        ODD_LENGTH,
        GARBAGE,
        ENTRIES_POINTING_INTO_BATCHES
    }

    @Test
    void theLogHasSealedSegmentsWithIndexEntries() {
        assertThat(sealedIndexes).hasSizeGreaterThanOrEqualTo(6);
        assertThat(sealedIndexes.values()).allSatisfy(index -> assertThat(index).isNotEmpty());
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void damagedIndexesAreRebuiltWhenTheLogOpens(Damage damage) throws IOException {
        // Given
        fixture.engine.close();
        for (Path index : sealedIndexes.keySet()) {
            damage(index, damage);
        }

        // When
        fixture.restart();
        FileLog log = fixture.open(partition, SETTINGS);

        // Then
        for (Map.Entry<Path, byte[]> index : sealedIndexes.entrySet()) {
            assertThat(Files.readAllBytes(index.getKey())).as("%s", index.getKey()).isEqualTo(index.getValue());
        }
        assertThat(readAll(log, 0)).isEqualTo(TestBatch.concat(batches));
        for (TestBatch batch : batches) {
            try (LogSlice slice = await(log.read(batch.baseOffset(), batch.sizeInBytes(), Long.MAX_VALUE, true))) {
                assertThat(LogSlices.bytes(slice)).isEqualTo(batch.bytes());
            }
            assertThat(await(log.offsetForTimestamp(batch.maxTimestamp()))).hasValue(batch.baseOffset());
        }
    }

    private static void damage(Path index, Damage damage) throws IOException {
        byte[] original = Files.readAllBytes(index);
        switch (damage) {
            case DELETED -> Files.delete(index);
            case EMPTIED -> Files.write(index, new byte[0]);
            case ODD_LENGTH -> Files.write(index, java.util.Arrays.copyOf(original, original.length - 3));
            case GARBAGE -> {
                byte[] garbage = new byte[original.length];
                new Random(7).nextBytes(garbage);
                Files.write(index, garbage);
            }
            case ENTRIES_POINTING_INTO_BATCHES -> {
                // Plausible entries (ascending, inside the file) that point into the middle of batches.
                ByteBuffer entries = ByteBuffer.wrap(original.clone());
                int entrySize = index.toString().endsWith(SegmentFileNames.OFFSET_INDEX_SUFFIX)
                        ? OffsetIndex.ENTRY_SIZE : TimeIndex.ENTRY_SIZE;
                int positionAt = entrySize == OffsetIndex.ENTRY_SIZE ? 4 : 8;
                for (int at = 0; at < original.length; at += entrySize) {
                    if (entrySize == OffsetIndex.ENTRY_SIZE) {
                        entries.putInt(at + positionAt, entries.getInt(at + positionAt) + 3);
                    } else {
                        // A time index whose offsets run past the segment.
                        entries.putInt(at + positionAt, entries.getInt(at + positionAt) + 1_000_000);
                    }
                }
                Files.write(index, entries.array());
            }
        }
    }
}
