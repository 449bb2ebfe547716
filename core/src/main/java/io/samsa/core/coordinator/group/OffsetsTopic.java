package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.GroupConfig;
import io.samsa.core.config.TopicConfig;
import io.samsa.core.log.BatchScan;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal topic {@code __consumer_offsets}, created like any topic (through the
 * TopicManager, so on the selected storage engine) with {@code offsets.topic.num.partitions}
 * partitions, on first use as Kafka creates it: when a client first looks for a group
 * coordinator. A group's records all go to partition {@code abs(groupId.hashCode()) % partitions},
 * as in Kafka. It is created with {@code cleanup.policy=compact} and no time or size retention:
 * every record stays until compaction (not built yet) can drop the superseded ones. Should an
 * operator delete it, the next use creates it again (empty, as Kafka would).
 *
 * <p>Offsets committed in a transaction (TxnOffsetCommit) are a transactional batch of the
 * producer, and the transaction's end is the producer's COMMIT or ABORT marker in the same
 * partition; replay reports both in log order ({@link GroupReplay}) so the coordinator applies
 * those offsets only if the marker commits, and keeps them pending while none has come.
 */
public final class OffsetsTopic implements GroupStore {
    public static final String NAME = "__consumer_offsets";
    private static final Logger log = LoggerFactory.getLogger(OffsetsTopic.class);
    private static final int REPLAY_CHUNK_BYTES = 1024 * 1024;
    /** Kafka's offsets.topic.segment.bytes default. */
    private static final String SEGMENT_BYTES = "104857600";

    private final TopicManager topics;
    private final GroupConfig config;
    private final Clock clock;
    private CompletableFuture<Topic> creating;

    @Inject
    public OffsetsTopic(TopicManager topics, GroupConfig config, Clock clock) {
        this.topics = requireNonNull(topics, "topics is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Replays the topic if it exists; a broker whose clients never used groups has none yet. */
    @Override
    public CompletionStage<Void> load(GroupReplay apply) {
        Optional<Topic> existing = topics.registry().byName(NAME);
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        if (existing.isEmpty()) {
            return chain;
        }
        for (int partition = 0; partition < existing.get().partitions(); partition++) {
            int index = partition;
            chain = chain.thenCompose(ignored -> replay(existing.get(), index, apply));
        }
        return chain;
    }

    @Override
    public CompletionStage<Void> ensureReady() {
        return ensureCreated().thenApply(created -> null);
    }

    /** The topic, created first if it does not exist (yet, or any more). */
    public synchronized CompletionStage<Topic> ensureCreated() {
        Optional<Topic> existing = topics.registry().byName(NAME);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.get());
        }
        if (creating == null || creating.isDone()) {
            var created = topics.validate(NAME, config.offsetsTopicPartitions(), (short) -1, Map.of(), Map.of(
                    TopicConfig.CLEANUP_POLICY, "compact",
                    TopicConfig.RETENTION_MS, "-1",
                    TopicConfig.RETENTION_BYTES, "-1",
                    TopicConfig.SEGMENT_BYTES, SEGMENT_BYTES));
            log.info("Creating {} with {} partitions", NAME, created.partitions());
            creating = topics.create(created).toCompletableFuture()
                    .exceptionallyCompose(failure -> topics.registry().byName(NAME)
                            .<CompletionStage<Topic>>map(CompletableFuture::completedFuture)
                            .orElse(CompletableFuture.failedFuture(failure)));
        }
        return creating;
    }

    private CompletionStage<Void> replay(Topic offsets, int partition, GroupReplay apply) {
        Log partitionLog = topics.log(offsets, partition).orElseThrow(
                () -> new IllegalStateException(NAME + "-" + partition + " is not open"));
        int[] skipped = {0};
        return BatchScan.scan((from, maxBytes) -> partitionLog.read(from, maxBytes, true), partitionLog.logStartOffset(),
                partitionLog.highWatermark(), REPLAY_CHUNK_BYTES, batch -> {
                    if (batch.isControl()) {
                        skipped[0] += replayMarker(batch, partition, apply);
                        return true;
                    }
                    for (Record record : batch.records(Integer.MAX_VALUE)) {
                        GroupRecord decoded;
                        try {
                            decoded = GroupRecordCodec.decode(record.key(), record.value());
                        } catch (RuntimeException e) {
                            skipped[0]++;
                            continue;
                        }
                        if (batch.isTransactional() && batch.producerId() >= 0) {
                            apply.transactionalRecord(batch.producerId(), decoded);
                        } else {
                            apply.record(decoded);
                        }
                    }
                    return true;
                }).thenRun(() -> {
                    if (skipped[0] > 0) {
                        log.warn("Skipped {} unreadable records in {}-{}", skipped[0], NAME, partition);
                    }
                });
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
        return (groupId.hashCode() & 0x7fffffff) % partitions;
    }

    /** The partition holding a group's records, in the topic as it is (or will be created). */
    @Override
    public int partitionFor(String groupId) {
        int partitions = topics.registry().byName(NAME).map(Topic::partitions).orElse(config.offsetsTopicPartitions());
        return partitionFor(groupId, partitions);
    }

    @Override
    public CompletionStage<Void> append(String groupId, List<GroupRecord> records) {
        return ensureCreated().thenCompose(current -> append(current, groupId, records, false));
    }

    @Override
    public CompletionStage<Void> appendTransactional(String groupId, long producerId, short producerEpoch,
            List<GroupRecord> records) {
        // No sequence number: the coordinator writes these, so only the producer's epoch is checked (as Kafka does).
        return ensureCreated().thenCompose(current -> append(current, groupId, records,
                true, producerId, producerEpoch));
    }

    @Override
    public CompletionStage<Void> appendTransactionMarker(int partition, long producerId, short producerEpoch,
            int coordinatorEpoch, boolean commit) {
        return ensureCreated().thenCompose(current -> {
            Optional<Log> partitionLog = partition >= 0 && partition < current.partitions()
                    ? topics.log(current, partition) : Optional.empty();
            if (partitionLog.isEmpty()) {
                return CompletableFuture.failedFuture(new ApiErrorException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        NAME + "-" + partition + " is not available"));
            }
            return partitionLog.get().appendTransactionMarker(producerId, producerEpoch, coordinatorEpoch, commit)
                    .thenApply(result -> null);
        });
    }

    private CompletionStage<Void> append(Topic current, String groupId, List<GroupRecord> records, boolean transactional) {
        return append(current, groupId, records, transactional, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
    }

    private CompletionStage<Void> append(Topic current, String groupId, List<GroupRecord> records, boolean transactional,
            long producerId, short producerEpoch) {
        int partition = partitionFor(groupId, current.partitions());
        var partitionLog = topics.log(current, partition);
        if (partitionLog.isEmpty()) {
            return CompletableFuture.failedFuture(new ApiErrorException(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                    NAME + "-" + partition + " is not available"));
        }
        RecordBatchBuilder builder = new RecordBatchBuilder().compression(Compression.NONE);
        if (transactional) {
            builder.producer(producerId, producerEpoch, RecordBatch.NO_SEQUENCE).transactional(true);
        }
        long now = clock.millis();
        for (GroupRecord record : records) {
            builder.append(now, GroupRecordCodec.key(record), GroupRecordCodec.value(record));
        }
        RecordBatch batch = RecordBatch.wrap(builder.build());
        return (transactional ? partitionLog.get().appendAsCoordinator(batch) : partitionLog.get().appendAsLeader(batch))
                .thenApply(result -> null);
    }
}
