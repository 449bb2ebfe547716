package io.samsa.storage.file;

import io.samsa.api.storage.BatchFormat;
import io.samsa.api.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Opens the segments of a log that has files, using its recovery point (see
 * {@link RolledSegmentFlusher}). A segment that ends at or below the recovery point was forced, so it
 * is trusted ({@link SegmentLoader#loadSealed}). Every other segment, and always the last one, is
 * recovered: scanned batch by batch with checksums, cut after the last intact batch, its indexes
 * rebuilt. A recovered segment that is not the last is forced and sealed; if it was cut (or ends
 * short of the next segment's base offset) the segments after it are deleted, as Kafka does with
 * the segments after an invalid batch: the log must not hold a gap, and nothing in them was
 * promised durable, since a forced append forces everything before it too.
 *
 * <p>No recovery point file (a log written before this file existed, or a crash before the first
 * one was written) means no segment is known forced: all of them are recovered, once.
 */
final class LogLoader {
    private static final System.Logger LOG = System.getLogger(LogLoader.class.getName());

    /** The opened segments, how many were recovered rather than trusted, and the recovery point now true. */
    record Loaded(List<LogSegment> segments, int recoveredSegments, long recoveryPoint) {}

    private final BatchFormat format;
    private final SegmentLoader loader;

    LogLoader(BatchFormat format) {
        this.format = format;
        this.loader = new SegmentLoader(format);
    }

    /** Opens the segments in {@code directory}, or creates the first at {@code startOffset} if it has none. */
    Loaded load(PartitionDirectory directory, long startOffset, int indexIntervalBytes, long nowMs) throws IOException {
        TreeSet<Long> baseOffsets = directory.segmentBaseOffsets();
        if (baseOffsets.isEmpty()) {
            LogSegment first = LogSegment.create(directory.path(), startOffset, format, nowMs);
            try {
                directory.fsync();
            } catch (IOException | RuntimeException e) {
                first.close();
                throw e;
            }
            // No recovery point file yet means the same as one at the first segment: nothing is trusted.
            return new Loaded(List.of(first), 0, startOffset);
        }
        OptionalLong stored = directory.readRecoveryPoint();
        long trustedBelow = stored.orElse(Long.MIN_VALUE);
        Long[] bases = baseOffsets.toArray(Long[]::new);
        List<LogSegment> loaded = new ArrayList<>();
        int recovered = 0;
        try {
            for (int i = 0; i < bases.length; i++) {
                boolean last = i == bases.length - 1;
                if (!last && bases[i + 1] <= trustedBelow) {
                    loaded.add(loader.loadSealed(directory.path(), bases[i], bases[i + 1], indexIntervalBytes, nowMs));
                    continue;
                }
                LogSegment segment = loader.recover(directory.path(), bases[i], indexIntervalBytes, nowMs);
                loaded.add(segment);
                recovered++;
                if (last) {
                    break;
                }
                if (segment.nextOffset() > bases[i + 1]) {
                    throw new StorageException(segment + " holds offsets up to " + segment.nextOffset()
                            + ", past the start of the next segment");
                }
                if (segment.nextOffset() < bases[i + 1]) {
                    deleteAfter(directory, bases, i);
                    break;
                }
                segment.seal();
            }
        } catch (IOException | RuntimeException e) {
            for (LogSegment segment : loaded) {
                segment.close();
            }
            throw e;
        }
        long recoveryPoint = loaded.getLast().baseOffset();
        if (stored.isEmpty() || stored.getAsLong() != recoveryPoint) {
            directory.writeRecoveryPoint(recoveryPoint);
        }
        if (recovered > 1) {
            LOG.log(System.Logger.Level.INFO, "recovered " + recovered + " segments of " + directory.path()
                    + " at or after recovery point " + (stored.isPresent() ? stored.getAsLong() : "(none)"));
        }
        return new Loaded(loaded, recovered, recoveryPoint);
    }

    /** Deletes the segments after {@code bases[kept]}, newest first, so a crash midway leaves a log merely longer. */
    private static void deleteAfter(PartitionDirectory directory, Long[] bases, int kept) throws IOException {
        LOG.log(System.Logger.Level.WARNING, "segment " + SegmentFileNames.baseName(bases[kept]) + " of "
                + directory.path() + " ends before the next one starts (a crash before it was forced); deleting the "
                + (bases.length - kept - 1) + " segments after it");
        for (int i = bases.length - 1; i > kept; i--) {
            Files.deleteIfExists(SegmentFileNames.offsetIndex(directory.path(), bases[i]));
            Files.deleteIfExists(SegmentFileNames.timeIndex(directory.path(), bases[i]));
            Files.deleteIfExists(SegmentFileNames.log(directory.path(), bases[i]));
        }
        directory.fsync();
    }
}
