package io.samsa.storage.file;

import io.samsa.api.storage.BatchFormat;
import io.samsa.api.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Opens one segment of a log that already has files ({@link LogLoader} picks how). A segment below
 * the recovery point was forced to disk, so its data is trusted and only its indexes are checked
 * (and rebuilt if missing or damaged). Any other segment may end in a torn write: it is scanned
 * batch by batch, checksums included, cut after the last intact batch, and its indexes are rebuilt.
 */
final class SegmentLoader {
    private static final System.Logger LOG = System.getLogger(SegmentLoader.class.getName());

    private final BatchFormat format;

    SegmentLoader(BatchFormat format) {
        this.format = format;
    }

    /** Opens a forced segment that is followed by another starting at {@code nextOffset}. */
    LogSegment loadSealed(Path directory, long baseOffset, long nextOffset, int indexIntervalBytes, long nowMs)
            throws IOException {
        SegmentFile file = SegmentFile.open(SegmentFileNames.log(directory, baseOffset));
        try {
            long fileSize = file.channel().size();
            if (fileSize > Integer.MAX_VALUE) {
                throw new StorageException(file + " is larger than a segment can be");
            }
            OffsetIndex offsetIndex = OffsetIndex.load(SegmentFileNames.offsetIndex(directory, baseOffset), baseOffset,
                    nextOffset, fileSize);
            TimeIndex timeIndex = TimeIndex.load(SegmentFileNames.timeIndex(directory, baseOffset), baseOffset,
                    nextOffset);
            // Sealing leaves at least one time index entry in a segment with data; none means the file was lost.
            boolean plausible = offsetIndex != null && timeIndex != null
                    && (timeIndex.entryCount() > 0 || fileSize == 0) && pointsAtBatches(file.channel(), offsetIndex);
            if (plausible) {
                return new LogSegment(directory, baseOffset, file, offsetIndex, timeIndex, format, nowMs,
                        (int) fileSize, nextOffset, timeIndex.lastTimestamp());
            }
            LOG.log(System.Logger.Level.INFO, "rebuilding the indexes of " + file);
            LogSegment segment = withNewIndexes(directory, baseOffset, file, nowMs);
            BatchCursor cursor = new BatchCursor(file.channel(), format, 0, (int) fileSize);
            long next = indexAll(segment, cursor, baseOffset, indexIntervalBytes);
            if (cursor.position() != fileSize || next != nextOffset) {
                throw new StorageException(file + " is damaged at position " + cursor.position() + " (offset " + next
                        + "), though it is not the last segment");
            }
            segment.indexed((int) fileSize, next);
            segment.seal();
            return segment;
        } catch (IOException | RuntimeException e) {
            file.release();
            throw e;
        }
    }

    /**
     * Recovers a segment not known to be forced: keeps the intact batches whose offsets follow on
     * from {@code baseOffset}, cuts off whatever follows them, and rebuilds the indexes.
     */
    LogSegment recover(Path directory, long baseOffset, int indexIntervalBytes, long nowMs) throws IOException {
        SegmentFile file = SegmentFile.open(SegmentFileNames.log(directory, baseOffset));
        try {
            FileChannel channel = file.channel();
            long fileSize = channel.size();
            LogSegment segment = withNewIndexes(directory, baseOffset, file, nowMs);
            ByteBuffer batch = ByteBuffer.allocate(64 * 1024);
            ByteBuffer header = ByteBuffer.allocate(format.headerSize());
            long position = 0;
            long next = baseOffset;
            while (position + format.headerSize() <= fileSize && position < Integer.MAX_VALUE) {
                readFully(channel, header.clear(), position);
                int size = format.batchSize(header.flip());
                if (size < format.headerSize() || position + size > fileSize || format.baseOffset(header) != next) {
                    break;
                }
                if (batch.capacity() < size) {
                    batch = ByteBuffer.allocate(size);
                }
                readFully(channel, batch.clear().limit(size), position);
                batch.flip();
                long lastOffset = format.lastOffset(batch);
                if (!format.isIntact(batch) || lastOffset < next) {
                    break;
                }
                segment.index(new BatchHeader((int) position, size, next, lastOffset, format.maxTimestamp(batch)),
                        indexIntervalBytes);
                position += size;
                next = lastOffset + 1;
            }
            if (position < fileSize) {
                LOG.log(System.Logger.Level.WARNING, "cutting " + (fileSize - position) + " bytes after the last intact"
                        + " batch of " + file + " (a write the crash tore)");
                channel.truncate(position);
                channel.force(true);
            }
            segment.indexed((int) position, next);
            return segment;
        } catch (IOException | RuntimeException e) {
            file.release();
            throw e;
        }
    }

    private LogSegment withNewIndexes(Path directory, long baseOffset, SegmentFile file, long nowMs) throws IOException {
        return new LogSegment(directory, baseOffset, file,
                OffsetIndex.create(SegmentFileNames.offsetIndex(directory, baseOffset), baseOffset),
                TimeIndex.create(SegmentFileNames.timeIndex(directory, baseOffset), baseOffset), format, nowMs, 0,
                baseOffset, -1);
    }

    private static long indexAll(LogSegment segment, BatchCursor cursor, long baseOffset, int indexIntervalBytes)
            throws IOException {
        long next = baseOffset;
        for (BatchHeader batch = cursor.next(); batch != null && batch.baseOffset() == next; batch = cursor.next()) {
            segment.index(batch, indexIntervalBytes);
            next = batch.nextOffset();
        }
        return next;
    }

    /** A cheap check that an index file belongs to this data file: its first and last entries start batches. */
    private boolean pointsAtBatches(FileChannel channel, OffsetIndex index) throws IOException {
        int count = index.entryCount();
        if (count == 0) {
            return true;
        }
        ByteBuffer header = ByteBuffer.allocate(format.headerSize());
        for (int entry : new int[] {0, count - 1}) {
            header.clear();
            int position = index.positionAt(entry);
            if (position + (long) header.capacity() > channel.size()) {
                return false;
            }
            readFully(channel, header, position);
            header.flip();
            if (format.batchSize(header) < 0 || format.baseOffset(header) != index.offsetAt(entry)) {
                return false;
            }
        }
        return true;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += read;
        }
    }
}
