package io.samsa.core.coordinator.transaction;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.TopicConfig;
import io.samsa.core.config.TransactionConfig;
import io.samsa.core.log.BatchScan;
import io.samsa.core.log.Log;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal topic {@code __transaction_state}, created like any topic (through the
 * TopicManager, so on the selected storage engine) with {@code transaction.state.log.num.partitions}
 * partitions when a client first looks for a transaction coordinator, as Kafka creates it. A
 * transactional id's records all go to partition {@code abs(id.hashCode()) % partitions}. It is
 * compacted and kept without time or size retention: the latest record per id is the state.
 */
public final class TransactionStateTopic implements TransactionStore {
    public static final String NAME = "__transaction_state";
    private static final Logger log = LoggerFactory.getLogger(TransactionStateTopic.class);
    private static final int REPLAY_CHUNK_BYTES = 1024 * 1024;

    private final TopicManager topics;
    private final TransactionConfig config;
    private final Clock clock;
    private CompletableFuture<Topic> creating;

    @Inject
    public TransactionStateTopic(TopicManager topics, TransactionConfig config, Clock clock) {
        this.topics = requireNonNull(topics, "topics is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Replays the topic if it exists; a broker whose clients never used transactions has none yet. */
    @Override
    public CompletionStage<Void> load(BiConsumer<String, TransactionMetadata> apply) {
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

    private synchronized CompletionStage<Topic> ensureCreated() {
        Optional<Topic> existing = topics.registry().byName(NAME);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.get());
        }
        if (creating == null || creating.isDone()) {
            var created = topics.validate(NAME, config.stateLogPartitions(), (short) -1, Map.of(), Map.of(
                    TopicConfig.CLEANUP_POLICY, "compact",
                    TopicConfig.RETENTION_MS, "-1",
                    TopicConfig.RETENTION_BYTES, "-1",
                    TopicConfig.SEGMENT_BYTES, Integer.toString(config.stateLogSegmentBytes())));
            log.info("Creating {} with {} partitions", NAME, created.partitions());
            creating = topics.create(created).toCompletableFuture()
                    .exceptionallyCompose(failure -> topics.registry().byName(NAME)
                            .<CompletionStage<Topic>>map(CompletableFuture::completedFuture)
                            .orElse(CompletableFuture.failedFuture(failure)));
        }
        return creating;
    }

    private CompletionStage<Void> replay(Topic state, int partition, BiConsumer<String, TransactionMetadata> apply) {
        Log partitionLog = topics.log(state, partition).orElseThrow(
                () -> new IllegalStateException(NAME + "-" + partition + " is not open"));
        int[] skipped = {0};
        return BatchScan.scan((from, maxBytes) -> partitionLog.read(from, maxBytes, true), partitionLog.logStartOffset(),
                partitionLog.highWatermark(), REPLAY_CHUNK_BYTES, batch -> {
                    if (batch.isControl()) {
                        return true;
                    }
                    for (Record record : batch.records(Integer.MAX_VALUE)) {
                        try {
                            String id = TransactionRecordCodec.decodeKey(record.key());
                            apply.accept(id, record.value() == null ? null
                                    : TransactionRecordCodec.decodeValue(id, record.value()));
                        } catch (RuntimeException e) {
                            skipped[0]++;
                        }
                    }
                    return true;
                }).thenRun(() -> {
                    if (skipped[0] > 0) {
                        log.warn("Skipped {} unreadable records in {}-{}", skipped[0], NAME, partition);
                    }
                });
    }

    static int partitionFor(String transactionalId, int partitions) {
        return (transactionalId.hashCode() & 0x7fffffff) % partitions;
    }

    @Override
    public CompletionStage<Void> append(String transactionalId, TransactionMetadata metadata) {
        return ensureCreated().thenCompose(current -> {
            int partition = partitionFor(transactionalId, current.partitions());
            var partitionLog = topics.log(current, partition);
            if (partitionLog.isEmpty()) {
                return CompletableFuture.failedFuture(new ApiErrorException(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                        NAME + "-" + partition + " is not available"));
            }
            RecordBatchBuilder builder = new RecordBatchBuilder().compression(Compression.NONE);
            builder.append(clock.millis(), TransactionRecordCodec.key(transactionalId),
                    metadata == null ? null : TransactionRecordCodec.value(metadata));
            return partitionLog.get().appendAsLeader(RecordBatch.wrap(builder.build())).thenApply(result -> null);
        });
    }
}
