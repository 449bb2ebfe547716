package io.samsa.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {
    @TempDir
    Path tempDir;

    @Test
    void lookupFindsTheLastEntryAtOrBelowTheOffset() throws IOException {
        // Given
        OffsetIndex index = OffsetIndex.create(tempDir.resolve("a.index"), 100);
        index.append(110, 4096);
        index.append(125, 8200);
        index.append(140, 12_500);

        // When / Then
        assertThat(index.lookup(100)).isZero();
        assertThat(index.lookup(109)).isZero();
        assertThat(index.lookup(110)).isEqualTo(4096);
        assertThat(index.lookup(124)).isEqualTo(4096);
        assertThat(index.lookup(125)).isEqualTo(8200);
        assertThat(index.lookup(1_000_000)).isEqualTo(12_500);
    }

    @Test
    void entriesWrittenToTheFileLoadBackTheSame() throws IOException {
        // Given
        Path path = tempDir.resolve("b.index");
        OffsetIndex index = OffsetIndex.create(path, 1000);
        for (int i = 1; i <= 40; i++) {
            index.append(1000 + i * 3L, i * 100);
        }

        // When
        index.writePending();
        index.seal();
        OffsetIndex loaded = OffsetIndex.load(path, 1000, 2000, 10_000);

        // Then
        assertThat(Files.size(path)).isEqualTo(40L * OffsetIndex.ENTRY_SIZE);
        assertThat(loaded).isNotNull();
        assertThat(loaded.entryCount()).isEqualTo(40);
        assertThat(loaded.lookup(1000 + 20 * 3 + 1)).isEqualTo(2000);
    }

    @Test
    void entriesMustAscend() throws IOException {
        // Given
        OffsetIndex index = OffsetIndex.create(tempDir.resolve("c.index"), 0);
        index.append(10, 500);

        // When / Then
        assertThatThrownBy(() -> index.append(10, 600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.append(11, 500)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void implausibleFilesDoNotLoad() throws IOException {
        // Given
        Path descending = write("d.index", 5, 100, 4, 200);
        Path pastTheFile = write("e.index", 5, 100, 6, 20_000);
        Path pastTheOffsets = write("f.index", 5, 100, 600, 200);

        // When / Then
        assertThat(OffsetIndex.load(descending, 0, 1000, 10_000)).isNull();
        assertThat(OffsetIndex.load(pastTheFile, 0, 1000, 10_000)).isNull();
        assertThat(OffsetIndex.load(pastTheOffsets, 0, 500, 10_000)).isNull();
        assertThat(OffsetIndex.load(tempDir.resolve("missing.index"), 0, 1000, 10_000)).isNull();
    }

    private Path write(String name, int... values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4);
        for (int value : values) {
            buffer.putInt(value);
        }
        return Files.write(tempDir.resolve(name), buffer.array());
    }
}
