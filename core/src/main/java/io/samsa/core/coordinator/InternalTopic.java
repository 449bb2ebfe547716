package io.samsa.core.coordinator;

import static java.util.Objects.requireNonNull;

import io.samsa.core.config.TopicConfig;
import io.samsa.core.log.BatchScan;
import io.samsa.core.log.Log;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.record.RecordBatch;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator's internal topic ({@code __consumer_offsets}, {@code __transaction_state}):
 * created like any topic (through the TopicManager, so on the selected storage engine) on first
 * use, as Kafka creates it, compacted and without time or size retention. A key's records all go
 * to partition {@code abs(key.hashCode()) % partitions}, as in Kafka. Should an operator delete
 * it, the next use creates it again (empty, as Kafka would).
 */
public final class InternalTopic {
    private static final Logger log = LoggerFactory.getLogger(InternalTopic.class);
    private static final int REPLAY_CHUNK_BYTES = 1024 * 1024;

    /** Reads one batch of a partition in replay; returns how many of its records could not be read. */
    @FunctionalInterface
    public interface BatchReplay {
        int replay(int partition, RecordBatch batch);
    }

    private final TopicManager topics;
    private final String name;
    private final int partitions;
    private final int segmentBytes;
    private CompletableFuture<Topic> creating;

    /** A topic created with {@code partitions} partitions and segments of {@code segmentBytes}. */
    public InternalTopic(TopicManager topics, String name, int partitions, int segmentBytes) {
        this.topics = requireNonNull(topics, "topics is null");
        this.name = requireNonNull(name, "name is null");
        this.partitions = partitions;
        this.segmentBytes = segmentBytes;
    }

    public String name() {
        return name;
    }

    /** The topic, created first if it does not exist (yet, or any more). */
    public synchronized CompletionStage<Topic> ensureCreated() {
        Optional<Topic> existing = topics.registry().byName(name);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.get());
        }
        if (creating == null || creating.isDone()) {
            var created = topics.validate(name, partitions, (short) -1, Map.of(), Map.of(
                    TopicConfig.CLEANUP_POLICY, "compact",
                    TopicConfig.RETENTION_MS, "-1",
                    TopicConfig.RETENTION_BYTES, "-1",
                    TopicConfig.SEGMENT_BYTES, Integer.toString(segmentBytes)));
            log.info("Creating {} with {} partitions", name, created.partitions());
            // Another caller may have created it meanwhile: then that topic is the answer.
            creating = topics.create(created).toCompletableFuture()
                    .exceptionallyCompose(failure -> topics.registry().byName(name)
                            .<CompletionStage<Topic>>map(CompletableFuture::completedFuture)
                            .orElse(CompletableFuture.failedFuture(failure)));
        }
        return creating;
    }

    /** The partition holding a key's records, of a topic with {@code partitions} partitions (Kafka's choice). */
    public static int partitionFor(String key, int partitions) {
        return (key.hashCode() & 0x7fffffff) % partitions;
    }

    /** The partition holding a key's records, in the topic as it is (or will be created). */
    public int partitionFor(String key) {
        return partitionFor(key, topics.registry().byName(name).map(Topic::partitions).orElse(partitions));
    }

    /** The log of the partition holding a key's records, creating the topic first; COORDINATOR_NOT_AVAILABLE if not open. */
    public CompletionStage<Log> logFor(String key) {
        return ensureCreated().thenCompose(current -> {
            int partition = partitionFor(key, current.partitions());
            return topics.log(current, partition)
                    .<CompletionStage<Log>>map(CompletableFuture::completedFuture)
                    .orElseGet(() -> CompletableFuture.failedFuture(new ApiErrorException(
                            ErrorCode.COORDINATOR_NOT_AVAILABLE, name + "-" + partition + " is not available")));
        });
    }

    /** A partition's log, creating the topic first; empty if the topic has no such partition or it is not open. */
    public CompletionStage<Optional<Log>> log(int partition) {
        return ensureCreated().thenApply(current -> partition >= 0 && partition < current.partitions()
                ? topics.log(current, partition) : Optional.empty());
    }

    /**
     * Replays every partition in turn, each in log order, if the topic exists (a broker whose
     * clients never used the coordinator has none yet); warns of unreadable records.
     */
    public CompletionStage<Void> replay(BatchReplay apply) {
        Optional<Topic> existing = topics.registry().byName(name);
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

    private CompletionStage<Void> replay(Topic current, int partition, BatchReplay apply) {
        Log partitionLog = topics.log(current, partition).orElseThrow(
                () -> new IllegalStateException(name + "-" + partition + " is not open"));
        int[] skipped = {0};
        return BatchScan.scan((from, maxBytes) -> partitionLog.read(from, maxBytes, true), partitionLog.logStartOffset(),
                partitionLog.highWatermark(), REPLAY_CHUNK_BYTES, batch -> {
                    skipped[0] += apply.replay(partition, batch);
                    return true;
                }).thenRun(() -> {
                    if (skipped[0] > 0) {
                        log.warn("Skipped {} unreadable records in {}-{}", skipped[0], name, partition);
                    }
                });
    }
}
