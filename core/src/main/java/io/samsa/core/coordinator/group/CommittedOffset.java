package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

/**
 * A committed offset as stored and fetched.
 *
 * @param leaderEpoch -1 when the client did not give one
 * @param metadata the client's string, "" when it sent null (as Kafka returns it)
 * @param commitTimestamp broker time of the commit
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp) {
    public CommittedOffset {
        requireNonNull(metadata, "metadata is null");
    }
}
