package io.samsa.core.coordinator.group;

/** What a load of the {@link GroupStore} reports, in log order per partition. */
public interface GroupReplay {
    /** A record written outside any transaction: it takes effect at once. */
    void record(GroupRecord record);

    /** A record of a producer's transaction: it takes effect only if the producer's COMMIT marker follows. */
    void transactionalRecord(long producerId, GroupRecord record);

    /** The producer's transaction ended on {@code partition} (COMMIT or ABORT). */
    void transactionMarker(int partition, long producerId, boolean commit);
}
