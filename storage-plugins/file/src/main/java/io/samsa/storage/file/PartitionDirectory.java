package io.samsa.storage.file;

import io.samsa.api.storage.StorageException;
import io.samsa.api.storage.TopicPartitionId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One partition's directory, {@code <data dir>/<topic>-<partition>}: its segment files, a
 * {@code partition.metadata} file naming the topic id (a re-created topic with the same name
 * is a different log), a {@code log-start-offset} checkpoint for a start offset raised
 * inside a segment and a {@code recovery-point} checkpoint (see {@link RolledSegmentFlusher}).
 */
final class PartitionDirectory {
    static final String METADATA_FILE = "partition.metadata";
    static final String START_OFFSET_FILE = "log-start-offset";
    static final String RECOVERY_POINT_FILE = "recovery-point";
    private static final int METADATA_VERSION = 0;

    private final Path path;
    private final TopicPartitionId id;

    private PartitionDirectory(Path path, TopicPartitionId id) {
        this.path = path;
        this.id = id;
    }

    static String name(TopicPartitionId id) {
        return id.topic() + "-" + id.partition();
    }

    /** Creates the directory and its metadata under {@code dataDirectory}. */
    static PartitionDirectory create(Path dataDirectory, TopicPartitionId id) throws IOException {
        Path path = dataDirectory.resolve(name(id));
        Files.createDirectories(path);
        Fsync.writeAtomically(path.resolve(METADATA_FILE), metadata(id).getBytes(StandardCharsets.UTF_8));
        Fsync.directory(dataDirectory);
        return new PartitionDirectory(path, id);
    }

    /**
     * The directory at {@code path} as the log of {@code id}. A directory without metadata (a crash
     * while creating it) gets it if it holds no segments yet.
     */
    static PartitionDirectory open(Path path, TopicPartitionId id) throws IOException {
        Optional<TopicPartitionId> stored = readMetadata(path);
        if (stored.isEmpty()) {
            PartitionDirectory directory = new PartitionDirectory(path, id);
            if (!directory.segmentBaseOffsets().isEmpty()) {
                throw new StorageException(path + " holds segments but no " + METADATA_FILE);
            }
            Fsync.writeAtomically(path.resolve(METADATA_FILE), metadata(id).getBytes(StandardCharsets.UTF_8));
            return directory;
        }
        if (!stored.get().equals(id)) {
            throw new StorageException(path + " holds the log of " + describe(stored.get()) + ", not of " + describe(id)
                    + "; delete that log first");
        }
        return new PartitionDirectory(path, id);
    }

    /** The partition a directory holds, from its metadata file; empty if there is none or it is unreadable. */
    static Optional<TopicPartitionId> readMetadata(Path directory) throws IOException {
        String content;
        try {
            content = Files.readString(directory.resolve(METADATA_FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : content.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        try {
            return Optional.of(new TopicPartitionId(values.get("topic"), UUID.fromString(values.get("topic_id")),
                    Integer.parseInt(values.get("partition"))));
        } catch (RuntimeException e) {
            throw new StorageException(directory.resolve(METADATA_FILE) + " is damaged: " + content, e);
        }
    }

    private static String metadata(TopicPartitionId id) {
        return "version=" + METADATA_VERSION + "\ntopic=" + id.topic() + "\ntopic_id=" + id.topicId() + "\npartition="
                + id.partition() + "\n";
    }

    private static String describe(TopicPartitionId id) {
        return id + " (topic id " + id.topicId() + ")";
    }

    Path path() {
        return path;
    }

    TopicPartitionId id() {
        return id;
    }

    /**
     * The base offsets of the segment data files, in order. Leftovers of an interrupted
     * truncation or checkpoint are removed: the files they were to replace are still whole.
     */
    TreeSet<Long> segmentBaseOffsets() throws IOException {
        TreeSet<Long> baseOffsets = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(SegmentFileNames.TRUNCATING_SUFFIX) || name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                    continue;
                }
                SegmentFileNames.baseOffsetOfLog(name).ifPresent(baseOffsets::add);
            }
        }
        return baseOffsets;
    }

    OptionalLong readStartOffset() throws IOException {
        return readOffset(START_OFFSET_FILE);
    }

    void writeStartOffset(long offset) throws IOException {
        writeOffset(START_OFFSET_FILE, offset);
    }

    private OptionalLong readOffset(String name) throws IOException {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(path.resolve(name)).trim()));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (NumberFormatException e) {
            throw new StorageException(path.resolve(name) + " is damaged", e);
        }
    }

    private void writeOffset(String name, long offset) throws IOException {
        Fsync.writeAtomically(path.resolve(name), (offset + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** See {@link FileLog}: every segment that ends at or below it was forced to stable storage. */
    OptionalLong readRecoveryPoint() throws IOException {
        return readOffset(RECOVERY_POINT_FILE);
    }

    void writeRecoveryPoint(long offset) throws IOException {
        writeOffset(RECOVERY_POINT_FILE, offset);
    }

    void fsync() throws IOException {
        Fsync.directory(path);
    }
}
