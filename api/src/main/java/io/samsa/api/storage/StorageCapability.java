package io.samsa.api.storage;

/** Optional behaviours an engine has; the broker and the conformance suite adapt to them. */
public enum StorageCapability {
    /** Reads may return {@link LogSlice.FileRegion}s the broker can send with sendfile. */
    FILE_REGION_READS,
    /** {@link PartitionLog#truncateTo} is supported (needed for replication). */
    TRUNCATION,
    /** Data survives a process kill once {@link PartitionLog#flush} (or a flushing append) completed. */
    DURABLE_FLUSH
}
