package io.samsa.core.network.codec;

import java.util.concurrent.atomic.LongAdder;

/**
 * How the records of responses went out, counted as they are encoded: as file regions (sendfile),
 * as the storage engine's own buffers (no copy either), or copied into the response buffer.
 * Shared by every connection of a server; safe from any thread.
 */
public final class SendStats {
    private final LongAdder fileRegions = new LongAdder();
    private final LongAdder fileRegionBytes = new LongAdder();
    private final LongAdder bufferSliceBytes = new LongAdder();
    private final LongAdder copiedRecordBytes = new LongAdder();

    void fileRegion(long bytes) {
        fileRegions.increment();
        fileRegionBytes.add(bytes);
    }

    void bufferSlice(long bytes) {
        bufferSliceBytes.add(bytes);
    }

    void copiedRecords(long bytes) {
        copiedRecordBytes.add(bytes);
    }

    public Snapshot snapshot() {
        return new Snapshot(fileRegions.sum(), fileRegionBytes.sum(), bufferSliceBytes.sum(), copiedRecordBytes.sum());
    }

    /**
     * Totals since the server started.
     *
     * @param fileRegions slices sent as file regions
     * @param fileRegionBytes record bytes sent as file regions
     * @param bufferSliceBytes record bytes sent as the engine's buffers, wrapped without copying
     * @param copiedRecordBytes record bytes copied into response buffers
     */
    public record Snapshot(long fileRegions, long fileRegionBytes, long bufferSliceBytes, long copiedRecordBytes) {}
}
