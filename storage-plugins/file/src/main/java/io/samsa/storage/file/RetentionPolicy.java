package io.samsa.storage.file;

import java.util.List;

/**
 * Which old segments retention deletes: the longest run from the oldest on whose segments are
 * all older than the time limit (by max timestamp), or whose removal keeps the log at or above
 * the size limit, whichever run is longer. Never the active (last) segment; -1 disables a limit.
 */
record RetentionPolicy(long retentionMs, long retentionBytes) {
    /** How many segments, from the first, may be deleted. */
    int deletableSegments(List<LogSegment> segments, long nowMs) {
        int candidates = segments.size() - 1;
        int byTime = 0;
        if (retentionMs >= 0) {
            long oldestKept = nowMs - retentionMs;
            while (byTime < candidates && segments.get(byTime).maxTimestamp() < oldestKept) {
                byTime++;
            }
        }
        int bySize = 0;
        if (retentionBytes >= 0) {
            long excess = -retentionBytes;
            for (LogSegment segment : segments) {
                excess += segment.size();
            }
            while (bySize < candidates && segments.get(bySize).size() <= excess) {
                excess -= segments.get(bySize).size();
                bySize++;
            }
        }
        return Math.max(byTime, bySize);
    }
}
