package io.samsa.api.storage;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * Which partition a log belongs to. The topic id tells apart two topics that had the same name
 * at different times (deleted and re-created), so an engine must key its storage by it, not by
 * the name alone; the name is there for humans (directory names, object keys, logs).
 */
public record TopicPartitionId(String topic, UUID topicId, int partition) {
    public TopicPartitionId {
        requireNonNull(topic, "topic is null");
        requireNonNull(topicId, "topicId is null");
        if (partition < 0) {
            throw new IllegalArgumentException("negative partition " + partition);
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
