package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

/** A partition by topic name, as committed offsets are keyed. */
public record TopicPartition(String topic, int partition) {
    public TopicPartition {
        requireNonNull(topic, "topic is null");
    }
}
