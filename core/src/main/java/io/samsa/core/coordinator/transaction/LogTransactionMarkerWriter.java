package io.samsa.core.coordinator.transaction;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.coordinator.group.OffsetsTopic;
import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.log.Log;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes markers straight into the partitions' logs (this broker leads every partition, so no
 * WriteTxnMarkers request is needed). A {@code __consumer_offsets} partition's marker goes
 * through the group coordinator, which writes it and then commits or drops the producer's
 * pending transactional offsets there.
 */
public final class LogTransactionMarkerWriter implements TransactionMarkerWriter {
    private final TopicManager topics;
    private final GroupCoordinator groups;

    @Inject
    public LogTransactionMarkerWriter(TopicManager topics, GroupCoordinator groups) {
        this.topics = requireNonNull(topics, "topics is null");
        this.groups = requireNonNull(groups, "groups is null");
    }

    @Override
    public CompletionStage<Void> writeMarker(TopicPartition partition, long producerId, short producerEpoch,
            int coordinatorEpoch, boolean commit) {
        if (partition.topic().equals(OffsetsTopic.NAME)) {
            return groups.completeTransaction(partition.partition(), producerId, producerEpoch, coordinatorEpoch, commit);
        }
        return writeToLog(partition, producerId, producerEpoch, coordinatorEpoch, commit);
    }

    private CompletionStage<Void> writeToLog(TopicPartition partition, long producerId, short producerEpoch,
            int coordinatorEpoch, boolean commit) {
        Optional<Topic> topic = topics.registry().byName(partition.topic());
        Optional<Log> log = topic.filter(existing -> partition.partition() < existing.partitions())
                .flatMap(existing -> topics.log(existing, partition.partition()));
        if (log.isEmpty()) {
            return CompletableFuture.failedFuture(new ApiErrorException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                    partition.topic() + "-" + partition.partition() + " does not exist"));
        }
        return log.get().appendTransactionMarker(producerId, producerEpoch, coordinatorEpoch, commit)
                .thenApply(appended -> null);
    }
}
