package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

/** A partition by topic name, as committed offsets are keyed. */
public record TopicPartition(String topic, int partition) {
    /** By topic name, then partition. */
    public static final java.util.Comparator<TopicPartition> ORDER =
            java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    public TopicPartition {
        requireNonNull(topic, "topic is null");
    }
}
