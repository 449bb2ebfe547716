package io.samsa.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A segment's sparse offset index: for some batches, the batch's base offset (relative to the
 * segment's) and its position in the segment file. The file holds 8-byte big-endian entries
 * (relative offset, position) like Kafka's {@code .index}; lookups use a copy in memory.
 *
 * <p>One writer appends; readers look up concurrently. Entries are published through a volatile
 * snapshot, so a reader never sees an entry half written. The file is only written by the
 * active segment and rebuilt from the data file whenever it cannot be trusted.
 */
final class OffsetIndex {
    static final int ENTRY_SIZE = 8;

    private record Entries(int[] offsets, int[] positions, int count) {}

    private final Path path;
    private final long baseOffset;
    private volatile Entries entries;
    private int persisted;
    private FileChannel writer;

    private OffsetIndex(Path path, long baseOffset, int[] offsets, int[] positions, int count) {
        this.path = path;
        this.baseOffset = baseOffset;
        this.entries = new Entries(offsets, positions, count);
        this.persisted = count;
    }

    /** A new, empty index; an existing file at {@code path} is emptied. */
    static OffsetIndex create(Path path, long baseOffset) throws IOException {
        Files.write(path, new byte[0]);
        return new OffsetIndex(path, baseOffset, new int[16], new int[16], 0);
    }

    /**
     * Loads an index file if it is plausible for a segment file of {@code fileSize} bytes holding offsets
     * below {@code nextOffset}; null if it is missing or damaged (so the caller rebuilds it).
     */
    static OffsetIndex load(Path path, long baseOffset, long nextOffset, long fileSize) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length % ENTRY_SIZE != 0) {
            return null;
        }
        int count = bytes.length / ENTRY_SIZE;
        int[] offsets = new int[Math.max(count, 16)];
        int[] positions = new int[Math.max(count, 16)];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        for (int i = 0; i < count; i++) {
            int relativeOffset = buffer.getInt();
            int position = buffer.getInt();
            boolean ascending = i == 0 || (relativeOffset > offsets[i - 1] && position > positions[i - 1]);
            if (relativeOffset < 0 || position < 0 || position >= fileSize || baseOffset + relativeOffset >= nextOffset
                    || !ascending) {
                return null;
            }
            offsets[i] = relativeOffset;
            positions[i] = position;
        }
        return new OffsetIndex(path, baseOffset, offsets, positions, count);
    }

    /** The position of the last indexed batch whose base offset is at or below {@code offset}; 0 if none. */
    int lookup(long offset) {
        Entries current = entries;
        long relative = offset - baseOffset;
        int low = 0;
        int high = current.count() - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (current.offsets()[middle] <= relative) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found < 0 ? 0 : current.positions()[found];
    }

    int entryCount() {
        return entries.count();
    }

    /** The entry at {@code index} as (absolute offset, position). */
    long offsetAt(int index) {
        return baseOffset + entries.offsets()[index];
    }

    int positionAt(int index) {
        return entries.positions()[index];
    }

    /** Adds an entry in memory; {@link #writePending()} puts it in the file. */
    void append(long offset, int position) {
        Entries current = entries;
        int count = current.count();
        int relative = Math.toIntExact(offset - baseOffset);
        if (count > 0 && (relative <= current.offsets()[count - 1] || position <= current.positions()[count - 1])) {
            throw new IllegalArgumentException("index entry " + offset + "@" + position + " is not after the last one");
        }
        int[] offsets = current.offsets();
        int[] positions = current.positions();
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        offsets[count] = relative;
        positions[count] = position;
        entries = new Entries(offsets, positions, count + 1);
    }

    /** Writes the entries added since the last call to the end of the file. */
    void writePending() throws IOException {
        Entries current = entries;
        if (persisted == current.count()) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((current.count() - persisted) * ENTRY_SIZE);
        for (int i = persisted; i < current.count(); i++) {
            buffer.putInt(current.offsets()[i]).putInt(current.positions()[i]);
        }
        buffer.flip();
        FileChannel channel = writer();
        long at = (long) persisted * ENTRY_SIZE;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        persisted = current.count();
    }

    /** Forces the file and closes it for writing (a sealed segment's index no longer changes). */
    void seal() throws IOException {
        writePending();
        if (writer != null) {
            writer.force(true);
            closeWriter();
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
