package io.samsa.core.coordinator.group;

import java.util.Map;
import java.util.Set;

/**
 * What OffsetFetch reads of a group.
 *
 * @param committed the committed offsets (a partition without one is absent)
 * @param unstable the asked-for partitions with offsets of an open transaction, when the caller
 *     required stable offsets: Kafka answers UNSTABLE_OFFSET_COMMIT for them (empty otherwise)
 */
public record FetchedOffsets(Map<TopicPartition, CommittedOffset> committed, Set<TopicPartition> unstable) {
    public FetchedOffsets {
        unstable = Set.copyOf(unstable);
    }
}
