package io.samsa.core.partition;

import java.util.Map;
import java.util.UUID;

/**
 * A change to the cluster's topic metadata. The broker writes these to its metadata log and
 * rebuilds the topic registry by replaying them at start-up, so the registry survives restarts
 * on any storage engine.
 */
public sealed interface MetadataRecord {
    record TopicCreated(String name, UUID topicId, int partitions, Map<String, String> configs) implements MetadataRecord {
        public TopicCreated {
            configs = Map.copyOf(configs);
        }
    }

    /** The topic now has {@code partitions} partitions in all (CreatePartitions). */
    record PartitionsIncreased(UUID topicId, int partitions) implements MetadataRecord {}

    /** Replaces the topic's configuration overrides with {@code configs}. */
    record TopicConfigsChanged(UUID topicId, Map<String, String> configs) implements MetadataRecord {
        public TopicConfigsChanged {
            configs = Map.copyOf(configs);
        }
    }

    record TopicDeleted(UUID topicId) implements MetadataRecord {}

    /** Producer ids {@code [firstId, firstId + size)} are handed out; never to be reused, even after a restart. */
    record ProducerIdsReserved(long firstId, int size) implements MetadataRecord {}
}
