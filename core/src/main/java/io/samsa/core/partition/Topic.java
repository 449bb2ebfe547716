package io.samsa.core.partition;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.UUID;

/** A topic as the registry knows it: name, id, partition count and its configuration overrides. */
public record Topic(String name, UUID id, int partitions, Map<String, String> configs) {
    public Topic {
        requireNonNull(name, "name is null");
        requireNonNull(id, "id is null");
        configs = Map.copyOf(configs);
    }

    /** Kafka's internal topics (a user topic named with "__" is not one). */
    public boolean isInternal() {
        return name.equals("__consumer_offsets") || name.equals("__transaction_state") || name.equals("__share_group_state");
    }
}
