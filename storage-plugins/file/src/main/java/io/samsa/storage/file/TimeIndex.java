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
 * A segment's sparse time index. An entry (T, O) says: every batch up to and including the one
 * at base offset O has a max timestamp of at most T. Timestamps rise strictly from entry to
 * entry. The file holds 12-byte big-endian entries (timestamp, relative offset) like Kafka's
 * {@code .timeindex}; the last entry of a sealed segment holds the segment's max timestamp.
 *
 * <p>Same publication scheme as {@link OffsetIndex}: one writer, concurrent readers.
 */
final class TimeIndex {
    static final int ENTRY_SIZE = 12;

    private record Entries(long[] timestamps, int[] offsets, int count) {}

    private final Path path;
    private final long baseOffset;
    private volatile Entries entries;
    private int persisted;
    private FileChannel writer;

    private TimeIndex(Path path, long baseOffset, long[] timestamps, int[] offsets, int count) {
        this.path = path;
        this.baseOffset = baseOffset;
        this.entries = new Entries(timestamps, offsets, count);
        this.persisted = count;
    }

    static TimeIndex create(Path path, long baseOffset) throws IOException {
        Files.write(path, new byte[0]);
        return new TimeIndex(path, baseOffset, new long[16], new int[16], 0);
    }

    /** Loads an index file if plausible for offsets below {@code nextOffset}; null if missing or damaged. */
    static TimeIndex load(Path path, long baseOffset, long nextOffset) throws IOException {
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
        long[] timestamps = new long[Math.max(count, 16)];
        int[] offsets = new int[Math.max(count, 16)];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        for (int i = 0; i < count; i++) {
            long timestamp = buffer.getLong();
            int relativeOffset = buffer.getInt();
            boolean ascending = i == 0 || (timestamp > timestamps[i - 1] && relativeOffset >= offsets[i - 1]);
            if (relativeOffset < 0 || baseOffset + relativeOffset >= nextOffset || !ascending) {
                return null;
            }
            timestamps[i] = timestamp;
            offsets[i] = relativeOffset;
        }
        return new TimeIndex(path, baseOffset, timestamps, offsets, count);
    }

    /** The offset of the last entry whose timestamp is below {@code timestamp}, or -1 if none. */
    long lastOffsetBefore(long timestamp) {
        Entries current = entries;
        int low = 0;
        int high = current.count() - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (current.timestamps()[middle] < timestamp) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found < 0 ? -1 : baseOffset + current.offsets()[found];
    }

    int entryCount() {
        return entries.count();
    }

    /** The timestamp of the last entry, or -1 if there is none. */
    long lastTimestamp() {
        Entries current = entries;
        return current.count() == 0 ? -1 : current.timestamps()[current.count() - 1];
    }

    /** Adds (timestamp, offset) in memory if the timestamp is above the last entry's. */
    void maybeAppend(long timestamp, long offset) {
        Entries current = entries;
        int count = current.count();
        if (count > 0 && timestamp <= current.timestamps()[count - 1]) {
            return;
        }
        long[] timestamps = current.timestamps();
        int[] offsets = current.offsets();
        if (count == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        timestamps[count] = timestamp;
        offsets[count] = Math.toIntExact(offset - baseOffset);
        entries = new Entries(timestamps, offsets, count + 1);
    }

    void writePending() throws IOException {
        Entries current = entries;
        if (persisted == current.count()) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((current.count() - persisted) * ENTRY_SIZE);
        for (int i = persisted; i < current.count(); i++) {
            buffer.putLong(current.timestamps()[i]).putInt(current.offsets()[i]);
        }
        buffer.flip();
        FileChannel channel = writer();
        long at = (long) persisted * ENTRY_SIZE;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        persisted = current.count();
    }

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
