package io.samsa.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A segment's sparse offset index: for some batches, the batch's base offset (relative to the
 * segment's) and its position in the segment file. The file holds 8-byte big-endian entries
 * (relative offset, position) like Kafka's {@code .index}; lookups use a copy in memory.
 *
 * <p>One writer appends; readers look up concurrently (see {@link SparseIndex}). The file is only
 * written by the active segment and rebuilt from the data file whenever it cannot be trusted.
 */
final class OffsetIndex extends SparseIndex<OffsetIndex.Entries> {
    static final int ENTRY_SIZE = 8;

    /** Not private: it names the superclass's type argument, which a private type cannot. */
    record Entries(int[] offsets, int[] positions, int count) implements SparseIndex.Snapshot {}

    private OffsetIndex(Path path, long baseOffset, int[] offsets, int[] positions, int count) {
        super(path, baseOffset, ENTRY_SIZE, new Entries(offsets, positions, count));
    }

    /** A new, empty index; an existing file at {@code path} is emptied. */
    static OffsetIndex create(Path path, long baseOffset) throws IOException {
        createEmpty(path);
        return new OffsetIndex(path, baseOffset, new int[INITIAL_CAPACITY], new int[INITIAL_CAPACITY], 0);
    }

    /**
     * Loads an index file if it is plausible for a segment file of {@code fileSize} bytes holding offsets
     * below {@code nextOffset}; null if it is missing or damaged (so the caller rebuilds it).
     */
    static OffsetIndex load(Path path, long baseOffset, long nextOffset, long fileSize) throws IOException {
        ByteBuffer buffer = readEntries(path, ENTRY_SIZE);
        if (buffer == null) {
            return null;
        }
        int count = buffer.remaining() / ENTRY_SIZE;
        int[] offsets = new int[capacityFor(count)];
        int[] positions = new int[capacityFor(count)];
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
        int found = lastMatching(current.count(), i -> current.offsets()[i] <= relative);
        return found < 0 ? 0 : current.positions()[found];
    }

    /**
     * The last indexed batch start at or below {@code maxPosition} whose base offset is at or
     * below {@code maxOffset}, as an entry number for {@link #offsetAt} and {@link #positionAt};
     * -1 if none. Entries ascend in both offset and position, so both bounds cut one prefix.
     */
    int lastEntryAtOrBelow(int maxPosition, long maxOffset) {
        Entries current = entries;
        long relative = maxOffset - baseOffset;
        return lastMatching(current.count(),
                i -> current.positions()[i] <= maxPosition && current.offsets()[i] <= relative);
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

    @Override
    void putEntry(ByteBuffer buffer, Entries snapshot, int index) {
        buffer.putInt(snapshot.offsets()[index]).putInt(snapshot.positions()[index]);
    }
}
