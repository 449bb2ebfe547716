package io.samsa.storage.file;

import io.samsa.api.storage.TopicPartitionId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a test sees of a log's files on disk. */
final class LogFiles {
    private LogFiles() {}

    static Path directory(Path dataDirectory, TopicPartitionId partition) {
        return dataDirectory.resolve(PartitionDirectory.name(partition));
    }

    /** Base offsets of the segment data files, in order. */
    static List<Long> segmentBaseOffsets(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> SegmentFileNames.baseOffsetOfLog(file.getFileName().toString()))
                    .filter(base -> base.isPresent())
                    .map(base -> base.getAsLong())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path lastSegment(Path directory) {
        return SegmentFileNames.log(directory, segmentBaseOffsets(directory).getLast());
    }
}
