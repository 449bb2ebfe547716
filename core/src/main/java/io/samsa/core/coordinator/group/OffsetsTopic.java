package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.GroupConfig;
import io.samsa.core.coordinator.InternalTopic;
import io.samsa.core.log.Log;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.EndTransactionMarker;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The internal topic {@code __consumer_offsets} ({@link InternalTopic}), with
 * {@code offsets.topic.num.partitions} partitions, created when a client first looks for a group
 * coordinator. A group's records all go to partition {@code abs(groupId.hashCode()) % partitions}.
 * Every record stays until compaction (not built yet) can drop the superseded ones.
 *
 * <p>Offsets committed in a transaction (TxnOffsetCommit) are a transactional batch of the
 * producer, and the transaction's end is the producer's COMMIT or ABORT marker in the same
 * partition; replay reports both in log order ({@link GroupReplay}) so the coordinator applies
 * those offsets only if the marker commits, and keeps them pending while none has come.
 */
public final class OffsetsTopic implements GroupStore {
    public static final String NAME = "__consumer_offsets";
    /** Kafka's offsets.topic.segment.bytes default. */
    private static final int SEGMENT_BYTES = 104857600;

    private final InternalTopic topic;
    private final Clock clock;

    @Inject
    public OffsetsTopic(TopicManager topics, GroupConfig config, Clock clock) {
        this.topic = new InternalTopic(topics, NAME, config.offsetsTopicPartitions(), SEGMENT_BYTES);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Replays the topic if it exists; a broker whose clients never used groups has none yet. */
    @Override
    public CompletionStage<Void> load(GroupReplay apply) {
        return topic.replay((partition, batch) -> replay(partition, batch, apply));
    }

    @Override
    public CompletionStage<Void> ensureReady() {
        return ensureCreated().thenApply(created -> null);
    }

    /** The topic, created first if it does not exist (yet, or any more). */
    public CompletionStage<Topic> ensureCreated() {
        return topic.ensureCreated();
    }

    /** Replays one batch; returns the unreadable records. */
    private static int replay(int partition, RecordBatch batch, GroupReplay apply) {
        if (batch.isControl()) {
            return replayMarker(batch, partition, apply);
        }
        int skipped = 0;
        for (Record record : batch.records(Integer.MAX_VALUE)) {
            GroupRecord decoded;
            try {
                decoded = GroupRecordCodec.decode(record.key(), record.value());
            } catch (RuntimeException e) {
                skipped++;
                continue;
            }
            if (batch.isTransactional() && batch.producerId() >= 0) {
                apply.transactionalRecord(batch.producerId(), decoded);
            } else {
                apply.record(decoded);
            }
        }
        return skipped;
    }

    /** Replays a control batch: a transaction marker ends its producer's transaction. Returns the unreadable records. */
    private static int replayMarker(RecordBatch batch, int partition, GroupReplay apply) {
        if (!batch.isTransactional() || batch.producerId() < 0) {
            return 0;
        }
        int skipped = 0;
        for (Record record : batch.records(Integer.MAX_VALUE)) {
            EndTransactionMarker marker;
            try {
                marker = EndTransactionMarker.read(record);
            } catch (RuntimeException e) {
                skipped++;
                continue;
            }
            apply.transactionMarker(partition, batch.producerId(), marker.isCommit());
        }
        return skipped;
    }

    /** The partition holding a group's records, of a topic with {@code partitions} partitions (Kafka's choice). */
    public static int partitionFor(String groupId, int partitions) {
        return InternalTopic.partitionFor(groupId, partitions);
    }

    /** The partition holding a group's records, in the topic as it is (or will be created). */
    @Override
    public int partitionFor(String groupId) {
        return topic.partitionFor(groupId);
    }

    @Override
    public CompletionStage<Void> append(String groupId, List<GroupRecord> records) {
        return topic.logFor(groupId).thenCompose(partitionLog -> append(partitionLog, records, false,
                RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH));
    }

    @Override
    public CompletionStage<Void> appendTransactional(String groupId, long producerId, short producerEpoch,
            List<GroupRecord> records) {
        // No sequence number: the coordinator writes these, so only the producer's epoch is checked (as Kafka does).
        return topic.logFor(groupId).thenCompose(partitionLog -> append(partitionLog, records,
                true, producerId, producerEpoch));
    }

    @Override
    public CompletionStage<Void> appendTransactionMarker(int partition, long producerId, short producerEpoch,
            int coordinatorEpoch, boolean commit) {
        return topic.log(partition).thenCompose(partitionLog -> {
            if (partitionLog.isEmpty()) {
                return CompletableFuture.failedFuture(new ApiErrorException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        NAME + "-" + partition + " is not available"));
            }
            return partitionLog.get().appendTransactionMarker(producerId, producerEpoch, coordinatorEpoch, commit)
                    .thenApply(result -> null);
        });
    }

    private CompletionStage<Void> append(Log partitionLog, List<GroupRecord> records, boolean transactional,
            long producerId, short producerEpoch) {
        RecordBatchBuilder builder = new RecordBatchBuilder().compression(Compression.NONE);
        if (transactional) {
            builder.producer(producerId, producerEpoch, RecordBatch.NO_SEQUENCE).transactional(true);
        }
        long now = clock.millis();
        for (GroupRecord record : records) {
            builder.append(now, GroupRecordCodec.key(record), GroupRecordCodec.value(record));
        }
        RecordBatch batch = RecordBatch.wrap(builder.build());
        return (transactional ? partitionLog.appendAsCoordinator(batch) : partitionLog.appendAsLeader(batch))
                .thenApply(result -> null);
    }
}
