package io.samsa.api.storage;

/**
 * How a log is laid out and made durable, from the topic's configuration (Kafka's names in
 * brackets). Engines without segments or without a page cache ignore what does not apply.
 *
 * @param segmentBytes roll a new segment at this size ({@code segment.bytes})
 * @param segmentMs roll a new segment when the active one is this old ({@code segment.ms})
 * @param flushIntervalMessages force to stable storage after this many records; 1 means before
 *     every acknowledgement ({@code flush.messages})
 * @param flushIntervalMs force to stable storage after data has waited this long ({@code flush.ms})
 * @param indexIntervalBytes bytes between entries of a sparse offset index ({@code index.interval.bytes})
 */
public record LogSettings(int segmentBytes, long segmentMs, long flushIntervalMessages, long flushIntervalMs,
        int indexIntervalBytes) {
    public LogSettings {
        if (segmentBytes < 14) {
            throw new IllegalArgumentException("segmentBytes must be at least 14, got " + segmentBytes);
        }
        if (segmentMs < 1 || flushIntervalMessages < 1 || flushIntervalMs < 0 || indexIntervalBytes < 0) {
            throw new IllegalArgumentException("invalid log settings " + segmentMs + "/" + flushIntervalMessages + "/"
                    + flushIntervalMs + "/" + indexIntervalBytes);
        }
    }

    /** Kafka's defaults: 1 GiB segments rolled weekly, flushing left to the OS, 4 KiB index interval. */
    public static LogSettings defaults() {
        return new LogSettings(1024 * 1024 * 1024, 7L * 24 * 60 * 60 * 1000, Long.MAX_VALUE, Long.MAX_VALUE, 4096);
    }
}
