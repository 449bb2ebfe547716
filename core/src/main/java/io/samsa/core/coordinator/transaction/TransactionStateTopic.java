package io.samsa.core.coordinator.transaction;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.TransactionConfig;
import io.samsa.core.coordinator.InternalTopic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The internal topic {@code __transaction_state} ({@link InternalTopic}), with
 * {@code transaction.state.log.num.partitions} partitions, created when a client first looks for
 * a transaction coordinator. A transactional id's records all go to partition
 * {@code abs(id.hashCode()) % partitions}; the latest record per id is the state.
 */
public final class TransactionStateTopic implements TransactionStore {
    public static final String NAME = "__transaction_state";

    private final InternalTopic topic;
    private final Clock clock;

    @Inject
    public TransactionStateTopic(TopicManager topics, TransactionConfig config, Clock clock) {
        this.topic = new InternalTopic(topics, NAME, config.stateLogPartitions(), config.stateLogSegmentBytes());
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Replays the topic if it exists; a broker whose clients never used transactions has none yet. */
    @Override
    public CompletionStage<Void> load(BiConsumer<String, TransactionMetadata> apply) {
        return topic.replay((partition, batch) -> {
            if (batch.isControl()) {
                return 0;
            }
            int skipped = 0;
            for (Record record : batch.records(Integer.MAX_VALUE)) {
                try {
                    String id = TransactionRecordCodec.decodeKey(record.key());
                    apply.accept(id, record.value() == null ? null
                            : TransactionRecordCodec.decodeValue(id, record.value()));
                } catch (RuntimeException e) {
                    skipped++;
                }
            }
            return skipped;
        });
    }

    @Override
    public CompletionStage<Void> ensureReady() {
        return topic.ensureCreated().thenApply(created -> null);
    }

    @Override
    public CompletionStage<Void> append(String transactionalId, TransactionMetadata metadata) {
        return topic.logFor(transactionalId).thenCompose(partitionLog -> {
            RecordBatchBuilder builder = new RecordBatchBuilder().compression(Compression.NONE);
            builder.append(clock.millis(), TransactionRecordCodec.key(transactionalId),
                    metadata == null ? null : TransactionRecordCodec.value(metadata));
            return partitionLog.appendAsLeader(RecordBatch.wrap(builder.build())).thenApply(result -> null);
        });
    }
}
