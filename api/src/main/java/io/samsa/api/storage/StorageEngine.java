package io.samsa.api.storage;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A place to keep partition logs. Created by a {@link StorageEngineFactory}, started once before
 * use, closed once at shutdown (after which its logs are closed too).
 */
public interface StorageEngine extends AutoCloseable {
    CompletionStage<Void> start();

    Set<StorageCapability> capabilities();

    /**
     * Opens the log of a partition, creating it empty if it does not exist. An existing log is
     * recovered first: anything after the last intact batch (a torn write from a crash) is cut
     * off and damaged indexes are rebuilt. Opening an open log returns the same instance, with
     * {@code settings} in effect from then on (this is how a topic's changed settings reach it).
     */
    CompletionStage<PartitionLog> openLog(TopicPartitionId partition, LogSettings settings);

    /** Deletes a partition's log and all its data; the log must not be used afterwards. */
    CompletionStage<Void> deleteLog(TopicPartitionId partition);

    /** Every log this engine holds data for, open or not. */
    CompletionStage<Set<TopicPartitionId>> listLogs();

    @Override
    void close();
}
