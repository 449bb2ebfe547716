package io.samsa.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A segment's sparse time index. An entry (T, O) says: every batch up to and including the one
 * at base offset O has a max timestamp of at most T. Timestamps rise strictly from entry to
 * entry. The file holds 12-byte big-endian entries (timestamp, relative offset) like Kafka's
 * {@code .timeindex}; the last entry of a sealed segment holds the segment's max timestamp.
 *
 * <p>Same publication scheme and file handling as {@link OffsetIndex} (see {@link SparseIndex}).
 */
final class TimeIndex extends SparseIndex<TimeIndex.Entries> {
    static final int ENTRY_SIZE = 12;

    /** Not private: it names the superclass's type argument, which a private type cannot. */
    record Entries(long[] timestamps, int[] offsets, int count) implements SparseIndex.Snapshot {}

    private TimeIndex(Path path, long baseOffset, long[] timestamps, int[] offsets, int count) {
        super(path, baseOffset, ENTRY_SIZE, new Entries(timestamps, offsets, count));
    }

    static TimeIndex create(Path path, long baseOffset) throws IOException {
        createEmpty(path);
        return new TimeIndex(path, baseOffset, new long[INITIAL_CAPACITY], new int[INITIAL_CAPACITY], 0);
    }

    /** Loads an index file if plausible for offsets below {@code nextOffset}; null if missing or damaged. */
    static TimeIndex load(Path path, long baseOffset, long nextOffset) throws IOException {
        ByteBuffer buffer = readEntries(path, ENTRY_SIZE);
        if (buffer == null) {
            return null;
        }
        int count = buffer.remaining() / ENTRY_SIZE;
        long[] timestamps = new long[capacityFor(count)];
        int[] offsets = new int[capacityFor(count)];
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
        int found = lastMatching(current.count(), i -> current.timestamps()[i] < timestamp);
        return found < 0 ? -1 : baseOffset + current.offsets()[found];
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

    @Override
    void putEntry(ByteBuffer buffer, Entries snapshot, int index) {
        buffer.putLong(snapshot.timestamps()[index]).putInt(snapshot.offsets()[index]);
    }
}
