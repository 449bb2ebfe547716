package io.samsa.core.partition;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.core.config.LogConfig;
import io.samsa.core.config.TopicConfig;
import io.samsa.core.log.BatchScan;
import io.samsa.core.log.Log;
import io.samsa.core.log.LogManager;
import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The broker's own log of metadata changes ({@code __cluster_metadata}, partition 0, kept by the
 * selected storage engine like any partition). Changes are appended here first and applied to
 * the registry only once durable; at start-up the whole log is replayed.
 */
public final class MetadataLog {
    static final String TOPIC = "__cluster_metadata";
    /** Kafka's fixed id for its metadata topic. */
    static final UUID TOPIC_ID = new UUID(0L, 1L);
    private static final int REPLAY_CHUNK_BYTES = 1024 * 1024;

    private final LogManager logs;
    private final LogConfig defaults;
    private final Clock clock;
    private volatile Log log;

    @Inject
    public MetadataLog(LogManager logs, LogConfig defaults, Clock clock) {
        this.logs = requireNonNull(logs, "logs is null");
        this.defaults = requireNonNull(defaults, "defaults is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Opens the log and feeds every stored record to {@code apply}, in order. */
    public CompletionStage<Void> replay(Consumer<MetadataRecord> apply) {
        // Metadata changes are rare and precious: every one is forced to disk before it counts.
        TopicConfig config = TopicConfig.resolve(defaults, Map.of(TopicConfig.FLUSH_MESSAGES, "1",
                TopicConfig.RETENTION_MS, "-1", TopicConfig.RETENTION_BYTES, "-1"));
        return logs.open(new TopicPartitionId(TOPIC, TOPIC_ID, 0), config).thenCompose(opened -> {
            this.log = opened;
            return BatchScan.scan((from, maxBytes) -> opened.read(from, maxBytes, true), opened.logStartOffset(),
                    opened.highWatermark(), REPLAY_CHUNK_BYTES, batch -> {
                        for (Record record : batch.records(Integer.MAX_VALUE)) {
                            apply.accept(MetadataRecordCodec.decode(record.value()));
                        }
                        return true;
                    });
        });
    }

    /** Appends the records as one batch; completes once they are durable. */
    public CompletionStage<Void> append(List<MetadataRecord> records) {
        RecordBatchBuilder builder = new RecordBatchBuilder().compression(Compression.NONE);
        long now = clock.millis();
        for (MetadataRecord record : records) {
            builder.append(now, null, MetadataRecordCodec.encode(record));
        }
        return log.appendAsLeader(RecordBatch.wrap(builder.build())).thenApply(result -> null);
    }
}
