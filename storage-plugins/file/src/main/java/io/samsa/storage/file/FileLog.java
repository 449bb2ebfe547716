package io.samsa.storage.file;

import io.samsa.api.storage.BatchFormat;
import io.samsa.api.storage.LogSettings;
import io.samsa.api.storage.LogSlice;
import io.samsa.api.storage.OffsetOutOfRangeException;
import io.samsa.api.storage.PartitionLog;
import io.samsa.api.storage.StorageException;
import io.samsa.api.storage.TopicPartitionId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A partition log kept as segment files in one directory, like Kafka's.
 *
 * <p>Writes (append, truncate, delete before, retention, roll, close) run one at a time under
 * {@link #writeLock} on the blocking executor; an append that needs no roll may run on the
 * caller's thread instead, if the lock is free ({@link AppendExecutor#tryRunHere}). Reads run
 * concurrently without it: they take the published log end first, then look up segments in a
 * concurrent map and hold a reference on the data file they read, so a segment deleted or
 * replaced meanwhile stays readable for them.
 */
final class FileLog implements PartitionLog {
    private static final int READ_ATTEMPTS = 8;

    private enum State {
        OPEN,
        FAILED,
        CLOSED,
        DELETED
    }

    private final TopicPartitionId id;
    private final PartitionDirectory directory;
    private final BatchFormat format;
    private final Clock clock;
    private final Executor executor;
    private final AppendExecutor appendExecutor;
    private final ConcurrentNavigableMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong logEndOffset;
    private final GroupCommitFlusher flusher;
    private final RolledSegmentFlusher rolledSegments;
    private final int recoveredSegments;

    private volatile LogSettings settings;
    private volatile long logStartOffset;
    /** One past the last offset in the files; ahead of {@link #logEndOffset} while an append waits to be durable. */
    private volatile long writtenEndOffset;
    private volatile State state = State.OPEN;
    private volatile long lastFlushMs;

    private FileLog(TopicPartitionId id, PartitionDirectory directory, BatchFormat format, Clock clock,
            Executor executor, AppendExecutor appendExecutor, RolledSegmentFlusher.Forcing rollForcing,
            LogSettings settings, LogLoader.Loaded loaded, long logStartOffset) {
        this.id = id;
        this.directory = directory;
        this.format = format;
        this.clock = clock;
        this.executor = executor;
        this.appendExecutor = appendExecutor;
        this.settings = settings;
        loaded.segments().forEach(segment -> segments.put(segment.baseOffset(), segment));
        this.recoveredSegments = loaded.recoveredSegments();
        long end = segments.lastEntry().getValue().nextOffset();
        this.logEndOffset = new AtomicLong(end);
        this.writtenEndOffset = end;
        this.logStartOffset = Math.min(Math.max(logStartOffset, segments.firstKey()), end);
        this.lastFlushMs = clock.millis();
        // What loading kept is durable: segments below the recovery point were forced, the others when recovered.
        this.flusher = new GroupCommitFlusher(executor, end, () -> writtenEndOffset, this::forceSegments,
                () -> state = State.FAILED);
        this.rolledSegments = new RolledSegmentFlusher(directory, rollForcing, loaded.recoveryPoint(),
                () -> state == State.OPEN, () -> state = State.FAILED);
    }

    /**
     * Opens (recovering) or creates the log in {@code directory}. Blocking; runs on the blocking executor.
     * Appends run through {@code appendExecutor} (on the caller's thread when it allows), the forces
     * of rolled segments as {@code rollForcing} says, everything else on {@code executor}.
     */
    static FileLog open(TopicPartitionId id, PartitionDirectory directory, BatchFormat format, Clock clock,
            Executor executor, AppendExecutor appendExecutor, RolledSegmentFlusher.Forcing rollForcing,
            LogSettings settings) throws IOException {
        long checkpointedStart = directory.readStartOffset().orElse(0);
        LogLoader.Loaded loaded = new LogLoader(format).load(directory, checkpointedStart, settings.indexIntervalBytes(),
                clock.millis());
        return new FileLog(id, directory, format, clock, executor, appendExecutor, rollForcing, settings, loaded,
                checkpointedStart);
    }

    /** Segments that opening the log recovered (scanned) rather than trusted; for tests. */
    int recoveredSegments() {
        return recoveredSegments;
    }

    /** Every segment that ends at or below this offset is on stable storage; for tests. */
    long recoveryPoint() {
        return rolledSegments.recoveryPoint();
    }

    @Override
    public TopicPartitionId id() {
        return id;
    }

    /** New settings (the topic's configuration changed); the next writes follow them. */
    void updateSettings(LogSettings settings) {
        this.settings = settings;
    }

    @Override
    public long logStartOffset() {
        return logStartOffset;
    }

    @Override
    public long logEndOffset() {
        return logEndOffset.get();
    }

    @Override
    public long sizeInBytes() {
        long size = 0;
        for (LogSegment segment : segments.values()) {
            size += segment.size();
        }
        return size;
    }

    /** Segments in offset order (a snapshot), for tests and retention. */
    List<LogSegment> segments() {
        return List.copyOf(segments.values());
    }

    /** Everything below this offset is on stable storage. */
    long durableOffset() {
        return flusher.durableOffset();
    }

    GroupCommitFlusher flusher() {
        return flusher;
    }

    // ---------------------------------------------------------------- append

    @Override
    public CompletionStage<Void> append(ByteBuffer batches, long baseOffset, long lastOffset, long maxTimestamp) {
        if (batches == null || !batches.hasRemaining() || lastOffset < baseOffset || baseOffset < 0) {
            return Async.failed(new IllegalArgumentException("an append to " + id + " needs batches and offsets "
                    + baseOffset + ".." + lastOffset + " in order"));
        }
        // The batches stay the caller's: only a duplicate's position moves, and only until the write is done.
        ByteBuffer view = batches.duplicate();
        CompletableFuture<Boolean> written = writeHere(view, baseOffset, lastOffset);
        if (written == null) {
            written = Async.supply(appendExecutor, "append to", id, () -> write(view, baseOffset, lastOffset));
        }
        return written.thenCompose(mustFlush -> mustFlush ? flusher.flushUpTo(lastOffset + 1) : CompletableFuture.completedFuture(null))
                .thenRun(() -> logEndOffset.accumulateAndGet(lastOffset + 1, Math::max));
    }

    /**
     * The write done on the calling thread (see {@link AppendExecutor#tryRunHere}), or null when it
     * is for the pool: a roll is due (it forces the directory), another write of the directory is
     * running or queued, this thread has copied enough back to back, or a truncation, retention or
     * close holds this log.
     */
    private CompletableFuture<Boolean> writeHere(ByteBuffer batches, long baseOffset, long lastOffset) {
        if (rollDue(segments.lastEntry().getValue(), batches.remaining(), lastOffset, settings)) {
            return null;
        }
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        boolean ran = appendExecutor.tryRunHere(() -> {
            if (writeLock.tryLock()) {
                try {
                    Async.complete(written, "append to", id, () -> writeLocked(batches, baseOffset, lastOffset));
                } finally {
                    writeLock.unlock();
                }
            }
        }, batches.remaining());
        return ran && written.isDone() ? written : null;
    }

    /** Writes under the lock; true if the settings ask for a force before the append completes. */
    private boolean write(ByteBuffer batches, long baseOffset, long lastOffset) throws IOException {
        writeLock.lock();
        try {
            return writeLocked(batches, baseOffset, lastOffset);
        } finally {
            writeLock.unlock();
        }
    }

    private boolean writeLocked(ByteBuffer batches, long baseOffset, long lastOffset) throws IOException {
        checkWritable();
        if (baseOffset != writtenEndOffset) {
            throw new IllegalArgumentException("append to " + id + " at offset " + baseOffset
                    + " but the log ends at " + writtenEndOffset);
        }
        List<BatchHeader> headers = BatchHeader.inAppend(format, id, batches, baseOffset, lastOffset);
        LogSettings current = settings;
        LogSegment active = rollIfDue(batches.remaining(), baseOffset, lastOffset, current);
        try {
            active.append(batches, headers, current.indexIntervalBytes());
        } catch (IOException e) {
            // The file may now hold part of the batches; only a restart's recovery can tell what is intact.
            state = State.FAILED;
            throw e;
        }
        writtenEndOffset = lastOffset + 1;
        return current.flushIntervalMessages() == 1
                || writtenEndOffset - flusher.durableOffset() >= current.flushIntervalMessages();
    }

    /** True if appending {@code bytes} ending at {@code lastOffset} to {@code active} starts a new segment. */
    private boolean rollDue(LogSegment active, int bytes, long lastOffset, LogSettings current) {
        if (active.isEmpty()) {
            return false;
        }
        boolean full = (long) active.size() + bytes > current.segmentBytes();
        boolean old = clock.millis() - active.createdMs() >= current.segmentMs();
        // Index entries hold offsets relative to the segment's base in an int.
        boolean offsetsOverflow = lastOffset - active.baseOffset() > Integer.MAX_VALUE;
        return full || old || offsetsOverflow;
    }

    private LogSegment rollIfDue(int bytes, long baseOffset, long lastOffset, LogSettings current) throws IOException {
        LogSegment active = segments.lastEntry().getValue();
        if (!rollDue(active, bytes, lastOffset, current)) {
            return active;
        }
        try {
            // Forced later, off the append path; until then the recovery point keeps it among the segments recovered.
            active.finishWrites();
            LogSegment next = LogSegment.create(directory.path(), baseOffset, format, clock.millis());
            directory.fsync();
            segments.put(baseOffset, next);
            rolledSegments.rolled(active);
            return next;
        } catch (IOException e) {
            state = State.FAILED;
            throw e;
        }
    }

    // ---------------------------------------------------------------- read

    @Override
    public CompletionStage<LogSlice> read(long fromOffset, int maxBytes, long maxOffset, boolean minOneBatch) {
        if (maxBytes < 0) {
            return Async.failed(new IllegalArgumentException("negative maxBytes " + maxBytes));
        }
        try {
            checkReadable();
        } catch (StorageException e) {
            return Async.failed(e);
        }
        long start = logStartOffset;
        long end = logEndOffset.get();
        if (fromOffset < start || fromOffset > end) {
            return Async.failed(outOfRange(fromOffset, start, end));
        }
        if (fromOffset == end) {
            // The common long-poll case needs no I/O.
            return CompletableFuture.completedFuture(empty(fromOffset));
        }
        return Async.supply(executor, "read from", id, () -> readSegments(fromOffset, maxBytes, maxOffset, minOneBatch));
    }

    private LogSlice readSegments(long fromOffset, int maxBytes, long maxOffset, boolean minOneBatch) throws IOException {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            checkReadable();
            long end = logEndOffset.get();
            long start = logStartOffset;
            if (fromOffset < start || fromOffset > end) {
                throw outOfRange(fromOffset, start, end);
            }
            if (fromOffset == end) {
                return empty(fromOffset);
            }
            Map.Entry<Long, LogSegment> entry = segments.floorEntry(fromOffset);
            while (entry != null) {
                LogSegment segment = entry.getValue();
                if (!segment.file().tryRetain()) {
                    break;
                }
                boolean handedOver = false;
                try {
                    LogSegment.Range range = segment.read(fromOffset, end, maxBytes, maxOffset, minOneBatch);
                    if (range != null) {
                        if (range.size() == 0) {
                            return empty(fromOffset);
                        }
                        handedOver = true;
                        return new LogSlice.FileRegion(segment.file().channel(), range.position(), range.size(),
                                range.nextOffset(), segment.file().releaseOnce());
                    }
                } finally {
                    if (!handedOver) {
                        segment.file().release();
                    }
                }
                entry = segments.higherEntry(entry.getKey());
            }
            // The segments changed under the read (retention, truncation); look again.
        }
        throw new StorageException("read from " + id + " at " + fromOffset + " kept racing with changes to the log");
    }

    private static LogSlice empty(long offset) {
        return new LogSlice.Buffers(List.of(), offset, () -> {});
    }

    private OffsetOutOfRangeException outOfRange(long offset, long start, long end) {
        return new OffsetOutOfRangeException("offset " + offset + " is outside " + id + "'s range [" + start + ", " + end
                + "]");
    }

    @Override
    public CompletionStage<OptionalLong> offsetForTimestamp(long timestamp) {
        return Async.supply(executor, "offset for timestamp in", id, () -> {
            checkReadable();
            long start = logStartOffset;
            long end = logEndOffset.get();
            for (LogSegment segment : segments.values()) {
                if (segment.nextOffset() <= start || segment.maxTimestamp() < timestamp) {
                    continue;
                }
                if (segment.baseOffset() >= end || !segment.file().tryRetain()) {
                    break;
                }
                try {
                    OptionalLong found = segment.offsetForTimestamp(timestamp, start, end);
                    if (found.isPresent()) {
                        return found;
                    }
                } finally {
                    segment.file().release();
                }
            }
            return OptionalLong.empty();
        });
    }

    // ---------------------------------------------------------------- truncation and deletion

    @Override
    public CompletionStage<Void> truncateTo(long offset) {
        if (offset < 0) {
            return Async.failed(new IllegalArgumentException("negative offset " + offset));
        }
        return Async.supply(executor, "truncation of", id, () -> {
            writeLock.lock();
            try {
                checkWritable();
                truncate(offset);
                return null;
            } finally {
                writeLock.unlock();
            }
        });
    }

    private void truncate(long offset) throws IOException {
        if (offset >= writtenEndOffset) {
            return;
        }
        Map.Entry<Long, LogSegment> containing = segments.lowerEntry(offset);
        // Found before anything changes, so an offset inside a batch leaves the log as it was.
        int keptBytes = containing == null ? 0 : containing.getValue().positionOfBatchAt(offset);
        rolledSegments.truncatingTo(offset);
        logEndOffset.set(offset);
        writtenEndOffset = offset;
        flusher.truncatedTo(offset);
        try {
            // Newest first, so that a crash midway leaves a log that is merely less truncated.
            for (LogSegment doomed : List.copyOf(segments.tailMap(offset, true).descendingMap().values())) {
                segments.remove(doomed.baseOffset());
                doomed.delete();
            }
            // Unlinks are only durable once the directory is; truncated data must not come back after a crash.
            directory.fsync();
            if (containing != null && keptBytes < containing.getValue().size()) {
                LogSegment old = containing.getValue();
                segments.put(old.baseOffset(), old.truncatedCopy(keptBytes, settings.indexIntervalBytes()));
                old.close();
            }
            if (segments.isEmpty()) {
                segments.put(offset, LogSegment.create(directory.path(), offset, format, clock.millis()));
                directory.fsync();
            }
            if (offset < logStartOffset) {
                logStartOffset = offset;
                directory.writeStartOffset(offset);
            }
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    @Override
    public CompletionStage<Void> deleteBefore(long offset) {
        return Async.supply(executor, "deleting from", id, () -> {
            writeLock.lock();
            try {
                checkWritable();
                long end = logEndOffset.get();
                if (offset > end) {
                    throw new OffsetOutOfRangeException("cannot start " + id + " at " + offset + " past its end " + end);
                }
                if (offset > logStartOffset) {
                    directory.writeStartOffset(offset);
                    logStartOffset = offset;
                    deleteSegmentsBelowStart();
                }
                return null;
            } finally {
                writeLock.unlock();
            }
        });
    }

    @Override
    public CompletionStage<Long> applyRetention(long retentionMs, long retentionBytes, long nowMs) {
        return Async.supply(executor, "retention of", id, () -> {
            writeLock.lock();
            try {
                checkWritable();
                List<LogSegment> current = segments();
                int deletable = new RetentionPolicy(retentionMs, retentionBytes).deletableSegments(current, nowMs);
                if (deletable > 0) {
                    long newStart = current.get(deletable).baseOffset();
                    if (newStart > logStartOffset) {
                        logStartOffset = newStart;
                    }
                }
                deleteSegmentsBelowStart();
                return logStartOffset;
            } finally {
                writeLock.unlock();
            }
        });
    }

    /** Deletes every segment but the active one whose data all lies below the log start offset. */
    private void deleteSegmentsBelowStart() throws IOException {
        long start = logStartOffset;
        while (segments.size() > 1) {
            Map.Entry<Long, LogSegment> first = segments.firstEntry();
            Long nextBase = segments.higherKey(first.getKey());
            if (nextBase == null || nextBase > start) {
                return;
            }
            segments.remove(first.getKey());
            first.getValue().delete();
        }
    }

    // ---------------------------------------------------------------- durability

    @Override
    public CompletionStage<Void> flush() {
        try {
            checkReadable();
        } catch (StorageException e) {
            return Async.failed(e);
        }
        return flusher.flushUpTo(writtenEndOffset).thenRun(() -> lastFlushMs = clock.millis());
    }

    /** Called periodically: forces unflushed data once the settings' flush interval has passed since the last flush. */
    void flushIfDue(long nowMs) {
        LogSettings current = settings;
        if (state != State.OPEN || current.flushIntervalMs() == Long.MAX_VALUE
                || writtenEndOffset <= flusher.durableOffset()) {
            return;
        }
        if (nowMs - lastFlushMs >= current.flushIntervalMs()) {
            lastFlushMs = nowMs;
            flusher.flushUpTo(writtenEndOffset);
        }
    }

    private void forceSegments(long fromOffset, long toOffset) throws IOException {
        Long from = segments.floorKey(fromOffset);
        for (LogSegment segment : segments.subMap(from == null ? Long.MIN_VALUE : from, toOffset).values()) {
            if (segment.file().tryRetain()) {
                try {
                    segment.flush();
                } finally {
                    segment.file().release();
                }
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Closes the log at shutdown: the active segment is sealed (forced), every file let go of. */
    void close() throws IOException {
        writeLock.lock();
        try {
            if (state == State.CLOSED || state == State.DELETED) {
                return;
            }
            boolean healthy = state == State.OPEN;
            state = State.CLOSED;
            IOException failure = null;
            if (healthy) {
                try {
                    LogSegment active = segments.lastEntry().getValue();
                    rolledSegments.closing(segments.headMap(active.baseOffset()).values(), active.baseOffset());
                    active.seal();
                } catch (IOException e) {
                    failure = e;
                }
            }
            failure = releaseSegments(failure);
            if (failure != null) {
                throw failure;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Lets go of the log because its directory is being deleted; nothing is forced. */
    void markDeleted() throws IOException {
        writeLock.lock();
        try {
            if (state == State.CLOSED || state == State.DELETED) {
                state = State.DELETED;
                return;
            }
            state = State.DELETED;
            IOException failure = releaseSegments(null);
            if (failure != null) {
                throw failure;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private IOException releaseSegments(IOException failure) {
        for (LogSegment segment : List.copyOf(segments.values())) {
            try {
                segment.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        segments.clear();
        return failure;
    }

    private void checkReadable() {
        State current = state;
        if (current == State.CLOSED || current == State.DELETED) {
            throw new StorageException("log " + id + " is " + current.name().toLowerCase());
        }
    }

    private void checkWritable() {
        switch (state) {
            case OPEN -> {
            }
            case FAILED -> throw new StorageException("log " + id + " failed to write earlier; it needs a restart to recover");
            default -> throw new StorageException("log " + id + " is " + state.name().toLowerCase());
        }
    }

    @Override
    public String toString() {
        return "FileLog[" + id + " in " + directory.path() + "]";
    }
}
