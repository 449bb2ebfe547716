package io.samsa.core.plugin;

import static java.util.Objects.requireNonNull;

import io.samsa.api.storage.BatchFormat;
import io.samsa.api.storage.StorageContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What the broker gives the storage engine it creates.
 *
 * @param clock the broker's clock (UTC)
 * @param dataDirectories {@code log.dirs}
 * @param blockingExecutor a bounded pool owned by {@link SelectedStorageEngine}, shut down after the engine is closed
 * @param batchFormat Kafka's v2 record batch
 * @param spiVersion {@link io.samsa.api.storage.StorageSpi#VERSION}
 */
public record BrokerStorageContext(Clock clock, List<Path> dataDirectories, Executor blockingExecutor,
        BatchFormat batchFormat, String spiVersion) implements StorageContext {
    public BrokerStorageContext {
        requireNonNull(clock, "clock is null");
        dataDirectories = List.copyOf(dataDirectories);
        requireNonNull(blockingExecutor, "blockingExecutor is null");
        requireNonNull(batchFormat, "batchFormat is null");
        requireNonNull(spiVersion, "spiVersion is null");
    }
}
