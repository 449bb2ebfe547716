package io.samsa.storage.file;

import io.samsa.api.storage.StorageException;
import io.samsa.api.storage.TopicPartitionId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The broker's data directories as this engine uses them: locked against a second engine,
 * holding one directory per partition. A deleted log's directory is first renamed to
 * {@code <name>.<topic id>-delete} (one atomic step), then removed; leftovers of a crash in
 * between are removed at start.
 */
final class DataDirectories implements AutoCloseable {
    // Not the broker's own ".lock": the broker locks the directory too, and one JVM cannot hold two locks on one file.
    static final String LOCK_FILE = ".file-engine.lock";
    static final String DELETED_SUFFIX = "-delete";

    private final List<Path> roots;
    private final List<FileChannel> lockChannels = new ArrayList<>();

    DataDirectories(List<Path> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no data directories");
        }
        this.roots = List.copyOf(roots);
    }

    /** Creates and locks every data directory and removes what deleted logs left behind. */
    void open() throws IOException {
        try {
            for (Path root : roots) {
                Files.createDirectories(root);
                FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                lockChannels.add(channel);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    throw new StorageException("data directory " + root + " is in use by another storage engine");
                }
                for (Path leftover : children(root, path -> path.getFileName().toString().endsWith(DELETED_SUFFIX))) {
                    deleteTree(leftover);
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The directory holding the partition's log (whatever its topic id), if any. */
    Optional<Path> find(TopicPartitionId id) {
        String name = PartitionDirectory.name(id);
        return roots.stream().map(root -> root.resolve(name)).filter(Files::isDirectory).findFirst();
    }

    /** Where a new log goes: the data directory holding the fewest logs. */
    Path chooseForNewLog() throws IOException {
        Path best = null;
        int fewest = Integer.MAX_VALUE;
        for (Path root : roots) {
            int logs = partitionDirectories(root).size();
            if (logs < fewest) {
                best = root;
                fewest = logs;
            }
        }
        return best;
    }

    /** Every partition with a directory (and metadata) in any data directory. */
    Set<TopicPartitionId> list() throws IOException {
        Set<TopicPartitionId> ids = new HashSet<>();
        for (Path root : roots) {
            for (Path directory : partitionDirectories(root)) {
                PartitionDirectory.readMetadata(directory).ifPresent(ids::add);
            }
        }
        return ids;
    }

    /** Removes a partition's directory: renamed first, so a crash never leaves half a log under its name. */
    void delete(Path directory, TopicPartitionId id) throws IOException {
        Path doomed = directory.resolveSibling(directory.getFileName() + "." + id.topicId().toString().replace("-", "")
                + DELETED_SUFFIX);
        Fsync.moveAtomically(directory, doomed);
        Fsync.directory(directory.getParent());
        deleteTree(doomed);
    }

    @Override
    public void close() {
        for (FileChannel channel : lockChannels) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing releases the lock; nothing more to do if the close itself fails.
            }
        }
        lockChannels.clear();
    }

    private static List<Path> partitionDirectories(Path root) throws IOException {
        return children(root, path -> Files.isDirectory(path) && !path.getFileName().toString().endsWith(DELETED_SUFFIX)
                && !path.getFileName().toString().startsWith("."));
    }

    private static List<Path> children(Path root, DirectoryStream.Filter<Path> filter) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, filter)) {
            stream.forEach(children::add);
        }
        children.sort(Comparator.naturalOrder());
        return children;
    }

    private static void deleteTree(Path directory) throws IOException {
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
