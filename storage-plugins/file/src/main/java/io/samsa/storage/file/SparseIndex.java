package io.samsa.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntPredicate;

/**
 * What the two sparse indexes of a segment ({@link OffsetIndex}, {@link TimeIndex}) share, so that
 * they keep the same publication scheme and file handling: entries published to readers through a
 * volatile snapshot, a file of fixed-size big-endian entries appended to by the segment's one
 * writer and read back whole when the segment is loaded, and the binary search over entries that
 * ascend. What an entry holds and when loaded entries are plausible is each index's own.
 *
 * <p>One writer appends; readers look up concurrently. The writer replaces the snapshot and never
 * changes an entry below a published count, so a reader never sees an entry half written.
 *
 * @param <E> the index's snapshot of entries
 */
abstract sealed class SparseIndex<E extends SparseIndex.Snapshot> permits OffsetIndex, TimeIndex {
    /** Entries a new index has room for; its arrays double when they are full. */
    static final int INITIAL_CAPACITY = 16;
    /** See {@link #writePendingIfMany()}. */
    static final int PENDING_ENTRIES_PER_WRITE = 256;

    /** A snapshot of an index's entries: arrays whose first {@link #count()} elements are entries. */
    interface Snapshot {
        int count();
    }

    protected final long baseOffset;
    protected volatile E entries;
    private final Path path;
    private final int entrySize;
    private int persisted;
    private FileChannel writer;

    /** An index whose file at {@code path} already holds {@code entries}, each {@code entrySize} bytes long. */
    SparseIndex(Path path, long baseOffset, int entrySize, E entries) {
        this.path = path;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.entries = entries;
        this.persisted = entries.count();
    }

    /** Creates an empty file at {@code path}, emptying an existing one. */
    static void createEmpty(Path path) throws IOException {
        Files.write(path, new byte[0]);
    }

    /**
     * The bytes of the file at {@code path}, positioned at the first entry; null if the file is
     * missing or does not hold a whole number of entries (so the caller rebuilds the index).
     */
    static ByteBuffer readEntries(Path path, int entrySize) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length % entrySize != 0) {
            return null;
        }
        return ByteBuffer.wrap(bytes);
    }

    /** The length of the arrays for {@code count} loaded entries: room for appends to a small index too. */
    static int capacityFor(int count) {
        return Math.max(count, INITIAL_CAPACITY);
    }

    /**
     * The last of entries 0 to {@code count - 1} that {@code matches}, or -1 if none does. The entries
     * that match must come first (they do for a bound on an ascending key), so a binary search finds it.
     */
    static int lastMatching(int count, IntPredicate matches) {
        int low = 0;
        int high = count - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (matches.test(middle)) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /** Puts entry {@code index} of {@code snapshot} into {@code buffer}, laid out as in the file. */
    abstract void putEntry(ByteBuffer buffer, E snapshot, int index);

    int entryCount() {
        return entries.count();
    }

    /**
     * Writes the entries added since the last write once there are many of them. Until the segment
     * is sealed its index files are only a head start: recovery rebuilds the last segment's indexes
     * from its data, so an append need not pay a write (a system call) per index entry.
     */
    void writePendingIfMany() throws IOException {
        if (entries.count() - persisted >= PENDING_ENTRIES_PER_WRITE) {
            writePending();
        }
    }

    /** Writes the entries added since the last call to the end of the file. */
    void writePending() throws IOException {
        E current = entries;
        if (persisted == current.count()) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((current.count() - persisted) * entrySize);
        for (int i = persisted; i < current.count(); i++) {
            putEntry(buffer, current, i);
        }
        buffer.flip();
        FileChannel channel = writer();
        long at = (long) persisted * entrySize;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        persisted = current.count();
    }

    /** Forces the file and closes it for writing (a sealed segment's index no longer changes). */
    void seal() throws IOException {
        finish();
        force();
    }

    /** Writes the pending entries and closes the file for writing, without forcing it (a roll does that later). */
    void finish() throws IOException {
        writePending();
        closeWriter();
    }

    /**
     * Forces the file through a channel of its own, so that it can run on another thread than the
     * writer's. A file that is gone (its segment was deleted) needs no forcing.
     */
    void force() throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            // deleted with its segment
        }
    }

    void closeWriter() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    Path path() {
        return path;
    }

    private FileChannel writer() throws IOException {
        if (writer == null) {
            writer = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        return writer;
    }
}
