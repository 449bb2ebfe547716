package io.samsa.core.partition;

import com.google.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics that exist, rebuilt from metadata records. Reads are lock-free and may run on any
 * thread; changes arrive only through {@link #apply}, one at a time, from the metadata log.
 */
public final class TopicRegistry {
    private final Map<String, Topic> byName = new ConcurrentHashMap<>();
    private final Map<UUID, Topic> byId = new ConcurrentHashMap<>();

    @Inject
    public TopicRegistry() {}

    public Optional<Topic> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Topic> byId(UUID id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Topic> all() {
        return List.copyOf(byName.values());
    }

    synchronized void apply(MetadataRecord record) {
        switch (record) {
            case MetadataRecord.TopicCreated created -> put(new Topic(created.name(), created.topicId(),
                    created.partitions(), created.configs()));
            case MetadataRecord.PartitionsIncreased increased -> byId(increased.topicId())
                    .ifPresent(topic -> put(new Topic(topic.name(), topic.id(), increased.partitions(), topic.configs())));
            case MetadataRecord.TopicConfigsChanged changed -> byId(changed.topicId())
                    .ifPresent(topic -> put(new Topic(topic.name(), topic.id(), topic.partitions(), changed.configs())));
            case MetadataRecord.TopicDeleted deleted -> {
                Topic removed = byId.remove(deleted.topicId());
                if (removed != null) {
                    byName.remove(removed.name(), removed);
                }
            }
            case MetadataRecord.ProducerIdsReserved ignored -> {
                // Not topic metadata; the ProducerIdManager follows these.
            }
        }
    }

    private void put(Topic topic) {
        byName.put(topic.name(), topic);
        byId.put(topic.id(), topic);
    }
}
