package io.samsa.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {
    @TempDir
    Path tempDir;

    @Test
    void keepsOnlyRisingTimestamps() throws IOException {
        // Given
        TimeIndex index = TimeIndex.create(tempDir.resolve("a.timeindex"), 50);

        // When
        index.maybeAppend(1000, 55);
        index.maybeAppend(900, 60);
        index.maybeAppend(1000, 61);
        index.maybeAppend(3000, 70);

        // Then
        assertThat(index.entryCount()).isEqualTo(2);
        assertThat(index.lastTimestamp()).isEqualTo(3000);
    }

    @Test
    void lastOffsetBeforeATimestampNamesTheBatchesThatAreAllOlder() throws IOException {
        // Given
        TimeIndex index = TimeIndex.create(tempDir.resolve("b.timeindex"), 50);
        index.maybeAppend(1000, 55);
        index.maybeAppend(2000, 70);

        // When / Then
        assertThat(index.lastOffsetBefore(1000)).isEqualTo(-1);
        assertThat(index.lastOffsetBefore(1001)).isEqualTo(55);
        assertThat(index.lastOffsetBefore(2000)).isEqualTo(55);
        assertThat(index.lastOffsetBefore(5000)).isEqualTo(70);
    }

    @Test
    void entriesWrittenToTheFileLoadBackTheSame() throws IOException {
        // Given
        Path path = tempDir.resolve("c.timeindex");
        TimeIndex index = TimeIndex.create(path, 50);
        index.maybeAppend(1000, 55);
        index.maybeAppend(2000, 70);

        // When
        index.seal();
        TimeIndex loaded = TimeIndex.load(path, 50, 80);
        TimeIndex tooShort = TimeIndex.load(path, 50, 60);

        // Then
        assertThat(loaded).isNotNull();
        assertThat(loaded.lastTimestamp()).isEqualTo(2000);
        assertThat(loaded.lastOffsetBefore(1500)).isEqualTo(55);
        assertThat(tooShort).isNull();
    }
}
