package io.samsa.storage.file;

import io.samsa.api.storage.BatchFormat;
import io.samsa.api.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;

/**
 * One segment of a partition log: a data file of whole batches from {@code baseOffset} on, with
 * its sparse offset and time indexes. Only the log's single writer appends, seals, truncates or
 * deletes it; readers use the published {@link #size()} and {@link #nextOffset()} and the
 * indexes' in-memory entries concurrently, and hold the data file through {@link #file()}.
 */
final class LogSegment {
    /** What {@link #read} found: a range of whole batches, or nothing to return. */
    record Range(int position, int size, long nextOffset) {}

    private final Path directory;
    private final long baseOffset;
    private final SegmentFile file;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final BatchFormat format;
    private final long createdMs;

    private volatile int size;
    private volatile long nextOffset;
    private volatile long maxTimestamp;

    // Only the writer touches these.
    private int bytesSinceIndexEntry;
    private long lastBatchBaseOffset = -1;

    LogSegment(Path directory, long baseOffset, SegmentFile file, OffsetIndex offsetIndex, TimeIndex timeIndex,
            BatchFormat format, long createdMs, int size, long nextOffset, long maxTimestamp) {
        this.directory = directory;
        this.baseOffset = baseOffset;
        this.file = file;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.format = format;
        this.createdMs = createdMs;
        this.size = size;
        this.nextOffset = nextOffset;
        this.maxTimestamp = maxTimestamp;
    }

    /** A new, empty segment; its files must not hold data yet. */
    static LogSegment create(Path directory, long baseOffset, BatchFormat format, long nowMs) throws IOException {
        SegmentFile file = SegmentFile.open(SegmentFileNames.log(directory, baseOffset));
        try {
            if (file.channel().size() != 0) {
                throw new StorageException("segment " + file + " already exists");
            }
            return new LogSegment(directory, baseOffset, file,
                    OffsetIndex.create(SegmentFileNames.offsetIndex(directory, baseOffset), baseOffset),
                    TimeIndex.create(SegmentFileNames.timeIndex(directory, baseOffset), baseOffset), format, nowMs, 0,
                    baseOffset, -1);
        } catch (IOException | RuntimeException e) {
            file.release();
            throw e;
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    /** Bytes of whole batches in the data file. */
    int size() {
        return size;
    }

    /** One past the last offset in the segment; the base offset while empty. */
    long nextOffset() {
        return nextOffset;
    }

    /** The highest batch max timestamp in the segment, -1 if none. */
    long maxTimestamp() {
        return maxTimestamp;
    }

    /** When the segment started (by the context clock), for rolling by age. */
    long createdMs() {
        return createdMs;
    }

    SegmentFile file() {
        return file;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Writes whole batches at the end of the data file and indexes them. {@code headers} give each
     * batch's place within {@code batches}; the buffer is only read, from its position on.
     */
    void append(ByteBuffer batches, List<BatchHeader> headers, int indexIntervalBytes) throws IOException {
        int at = size;
        ByteBuffer source = batches.duplicate();
        int length = source.remaining();
        FileChannel channel = file.channel();
        long position = at;
        while (source.hasRemaining()) {
            position += channel.write(source, position);
        }
        for (BatchHeader header : headers) {
            index(new BatchHeader(at + header.position(), header.size(), header.baseOffset(), header.lastOffset(),
                    header.maxTimestamp()), indexIntervalBytes);
        }
        offsetIndex.writePendingIfMany();
        timeIndex.writePendingIfMany();
        nextOffset = headers.getLast().nextOffset();
        size = at + length;
    }

    /** Adds a batch already in the data file to the in-memory indexes and the segment's bounds. */
    void index(BatchHeader batch, int indexIntervalBytes) {
        if (batch.maxTimestamp() > maxTimestamp) {
            maxTimestamp = batch.maxTimestamp();
        }
        if (bytesSinceIndexEntry >= indexIntervalBytes && (batch.position() > 0 || indexIntervalBytes == 0)) {
            offsetIndex.append(batch.baseOffset(), batch.position());
            timeIndex.maybeAppend(maxTimestamp, batch.baseOffset());
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += batch.size();
        lastBatchBaseOffset = batch.baseOffset();
    }

    /** Sets the bounds after batches were indexed with {@link #index} during a rebuild. */
    void indexed(int validBytes, long next) throws IOException {
        offsetIndex.writePending();
        timeIndex.writePending();
        nextOffset = next;
        size = validBytes;
    }

    /** Forces the data written so far to stable storage. */
    void flush() throws IOException {
        file.channel().force(false);
    }

    /**
     * Makes the segment read-only: the time index gets its final entry (the segment's max
     * timestamp), and data and indexes are forced to stable storage.
     */
    void seal() throws IOException {
        finishWrites();
        force();
    }

    /**
     * Makes the segment read-only as {@link #seal()} does but leaves forcing it to {@link #force()}:
     * a roll must not wait for a whole segment to reach the disk.
     */
    void finishWrites() throws IOException {
        if (lastBatchBaseOffset >= 0) {
            timeIndex.maybeAppend(maxTimestamp, lastBatchBaseOffset);
        }
        offsetIndex.finish();
        timeIndex.finish();
    }

    /** Forces data and indexes to stable storage; safe on another thread than the writer's once writes finished. */
    void force() throws IOException {
        flush();
        offsetIndex.force();
        timeIndex.force();
    }

    /**
     * The whole batches a read from {@code fromOffset} returns from this segment, or null if the
     * segment holds no batch at or after {@code fromOffset}. Batches at or past
     * {@code endOffset} (not yet published) or whose last offset reaches {@code maxOffset} are
     * left out. The caller holds a reference to the file.
     */
    Range read(long fromOffset, long endOffset, int maxBytes, long maxOffset, boolean minOneBatch) throws IOException {
        int published = size;
        BatchCursor cursor = new BatchCursor(file.channel(), format, offsetIndex.lookup(fromOffset), published);
        BatchHeader first = cursor.next();
        while (first != null && first.lastOffset() < fromOffset) {
            first = cursor.next();
        }
        if (first == null) {
            return null;
        }
        if (first.baseOffset() >= endOffset || first.lastOffset() >= maxOffset
                || (first.size() > maxBytes && !minOneBatch)) {
            return new Range(first.position(), 0, fromOffset);
        }
        int total = first.size();
        long next = first.nextOffset();
        if (total < maxBytes) {
            // Jump over the batches the index vouches for instead of reading every header: an
            // indexed batch whose base offset is within both bounds has only whole, readable
            // batches before it. A fetch of a megabyte then reads two or three headers, not dozens.
            long bound = Math.min(endOffset, maxOffset);
            int entry = offsetIndex.lastEntryAtOrBelow((int) Math.min(published, (long) first.position() + maxBytes), bound);
            int jumpTo = entry < 0 ? -1 : offsetIndex.positionAt(entry);
            if (jumpTo > first.position() + total) {
                total = jumpTo - first.position();
                next = offsetIndex.offsetAt(entry);
                cursor = new BatchCursor(file.channel(), format, jumpTo, published);
            }
        }
        while (total < maxBytes) {
            BatchHeader batch = cursor.next();
            if (batch == null || batch.baseOffset() >= endOffset || batch.lastOffset() >= maxOffset
                    || (long) total + batch.size() > maxBytes) {
                break;
            }
            total += batch.size();
            next = batch.nextOffset();
        }
        return new Range(first.position(), total, next);
    }

    /**
     * The base offset of the first batch with a max timestamp at or after {@code timestamp} and a
     * last offset at or after {@code startOffset}, below {@code endOffset}; empty if none here.
     */
    OptionalLong offsetForTimestamp(long timestamp, long startOffset, long endOffset) throws IOException {
        long before = timeIndex.lastOffsetBefore(timestamp);
        int from = offsetIndex.lookup(Math.max(before, startOffset));
        BatchCursor cursor = new BatchCursor(file.channel(), format, from, size);
        for (BatchHeader batch = cursor.next(); batch != null; batch = cursor.next()) {
            if (batch.baseOffset() >= endOffset) {
                break;
            }
            if (batch.maxTimestamp() >= timestamp && batch.lastOffset() >= startOffset) {
                return OptionalLong.of(batch.baseOffset());
            }
        }
        return OptionalLong.empty();
    }

    /** Bytes before the batch starting at {@code offset}; fails unless {@code offset} is a batch boundary. */
    int positionOfBatchAt(long offset) throws IOException {
        if (offset == nextOffset) {
            return size;
        }
        BatchCursor cursor = new BatchCursor(file.channel(), format, offsetIndex.lookup(offset), size);
        for (BatchHeader batch = cursor.next(); batch != null; batch = cursor.next()) {
            if (batch.baseOffset() == offset) {
                return batch.position();
            }
            if (batch.lastOffset() >= offset) {
                break;
            }
        }
        throw new IllegalArgumentException("offset " + offset + " is not where a batch of " + this + " starts");
    }

    /**
     * A copy of this segment cut after {@code bytes}, in a new file that takes over the segment's
     * name. This segment's file stays as it was for the slices still reading it; the caller
     * releases it. Truncating in place would change bytes those slices point at.
     */
    LogSegment truncatedCopy(int bytes, int indexIntervalBytes) throws IOException {
        offsetIndex.closeWriter();
        timeIndex.closeWriter();
        Path copy = SegmentFileNames.truncating(directory, baseOffset);
        try (FileChannel target = FileChannel.open(copy, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long copied = 0;
            while (copied < bytes) {
                copied += file.channel().transferTo(copied, bytes - copied, target);
            }
            target.force(true);
        }
        Fsync.moveAtomically(copy, SegmentFileNames.log(directory, baseOffset));
        Fsync.directory(directory);
        SegmentFile truncated = SegmentFile.open(SegmentFileNames.log(directory, baseOffset));
        try {
            LogSegment segment = new LogSegment(directory, baseOffset, truncated,
                    OffsetIndex.create(SegmentFileNames.offsetIndex(directory, baseOffset), baseOffset),
                    TimeIndex.create(SegmentFileNames.timeIndex(directory, baseOffset), baseOffset), format, createdMs, 0,
                    baseOffset, -1);
            BatchCursor cursor = new BatchCursor(truncated.channel(), format, 0, bytes);
            long next = baseOffset;
            for (BatchHeader batch = cursor.next(); batch != null; batch = cursor.next()) {
                segment.index(batch, indexIntervalBytes);
                next = batch.nextOffset();
            }
            if (cursor.position() != bytes) {
                throw new StorageException("truncated copy of " + this + " is damaged at " + cursor.position());
            }
            segment.indexed(bytes, next);
            return segment;
        } catch (IOException | RuntimeException e) {
            truncated.release();
            throw e;
        }
    }

    /** Deletes the segment's files; slices still reading the data file keep it until closed. */
    void delete() throws IOException {
        try {
            offsetIndex.closeWriter();
            timeIndex.closeWriter();
            Files.deleteIfExists(offsetIndex.path());
            Files.deleteIfExists(timeIndex.path());
            Files.deleteIfExists(file.path());
        } finally {
            file.release();
        }
    }

    /** Lets go of the segment without deleting anything (the log closes). */
    void close() throws IOException {
        try {
            offsetIndex.closeWriter();
            timeIndex.closeWriter();
        } finally {
            file.release();
        }
    }

    @Override
    public String toString() {
        return "segment " + SegmentFileNames.baseName(baseOffset) + " in " + directory;
    }
}
