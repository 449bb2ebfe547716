package io.samsa.core.log;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One partition's transactions as the log sees them: those still open (which hold the last
 * stable offset back) and those aborted (which Fetch reports so read_committed consumers skip
 * their records). Kept in memory and rebuilt from the log's batches at open. Written on the
 * log's serialized append path, read by fetches on any thread, hence synchronized.
 */
final class TransactionIndex {
    /** Open transactions by first offset (unique: each starts at a different batch). */
    private final TreeMap<Long, Long> openByFirstOffset = new TreeMap<>();
    /** Aborted transactions in the order of their markers, so by increasing last offset. */
    private final Deque<Aborted> aborted = new ArrayDeque<>();

    synchronized void begin(long producerId, long firstOffset) {
        openByFirstOffset.put(firstOffset, producerId);
    }

    /** Ends the transaction that began at {@code firstOffset}; an abort is remembered up to its marker. */
    synchronized void end(long producerId, long firstOffset, long markerOffset, boolean abort) {
        openByFirstOffset.remove(firstOffset);
        if (abort) {
            aborted.addLast(new Aborted(producerId, firstOffset, markerOffset));
        }
    }

    /** The first offset of the earliest open transaction, if any. */
    synchronized OptionalLong firstUnstableOffset() {
        return openByFirstOffset.isEmpty() ? OptionalLong.empty() : OptionalLong.of(openByFirstOffset.firstKey());
    }

    /** Aborted transactions with data in [fromOffset, upperBoundOffset). */
    synchronized List<AbortedTransaction> aborted(long fromOffset, long upperBoundOffset) {
        List<AbortedTransaction> overlapping = new ArrayList<>();
        for (Aborted transaction : aborted) {
            if (transaction.lastOffset() >= fromOffset && transaction.firstOffset() < upperBoundOffset) {
                overlapping.add(new AbortedTransaction(transaction.producerId(), transaction.firstOffset()));
            }
        }
        return overlapping;
    }

    /** Forgets aborted transactions that ended below the log start: no fetch can reach them. */
    synchronized void dropBefore(long logStartOffset) {
        while (!aborted.isEmpty() && aborted.peekFirst().lastOffset() < logStartOffset) {
            aborted.removeFirst();
        }
    }

    synchronized int abortedCount() {
        return aborted.size();
    }

    private record Aborted(long producerId, long firstOffset, long lastOffset) {}
}
