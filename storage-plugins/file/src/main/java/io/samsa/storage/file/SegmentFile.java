package io.samsa.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A segment's data file, shared between the log and every slice read from it. The log holds one
 * reference; each slice holds another. The channel closes when the last one is released, so a
 * slice stays readable after its segment was deleted or replaced (POSIX keeps an unlinked file's
 * bytes while a descriptor is open).
 */
final class SegmentFile {
    private static final System.Logger LOG = System.getLogger(SegmentFile.class.getName());

    private final Path path;
    private final FileChannel channel;
    private final AtomicInteger references = new AtomicInteger(1);

    private SegmentFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens (creating if missing) a data file; the caller holds the first reference. */
    static SegmentFile open(Path path) throws IOException {
        return new SegmentFile(path, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    Path path() {
        return path;
    }

    FileChannel channel() {
        return channel;
    }

    /** Takes a reference unless the file is already closed. */
    boolean tryRetain() {
        while (true) {
            int current = references.get();
            if (current <= 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + path + " failed", e);
            }
        } else if (left < 0) {
            throw new IllegalStateException(path + " released more often than retained");
        }
    }

    /** A release that runs at most once, for handing to a slice. */
    Runnable releaseOnce() {
        AtomicInteger once = new AtomicInteger();
        return () -> {
            if (once.compareAndSet(0, 1)) {
                release();
            }
        };
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
