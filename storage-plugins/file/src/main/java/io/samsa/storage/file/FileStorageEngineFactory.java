package io.samsa.storage.file;

import static java.util.Objects.requireNonNull;

import io.samsa.api.storage.StorageContext;
import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.StorageEngineFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.pf4j.Extension;

/**
 * The file storage engine ({@code storage.engine=file}): partition logs as segment files with
 * sparse offset and time indexes under the broker's {@code log.dirs}, as Kafka keeps them.
 * It has no settings of its own.
 */
@Extension
public final class FileStorageEngineFactory implements StorageEngineFactory {
    public static final String NAME = "file";

    /** How often logs with a {@code flush.ms} are checked; the interval itself is the topic's. */
    private static final Duration FLUSH_CHECK_INTERVAL = Duration.ofMillis(100);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StorageEngine create(Map<String, String> config, StorageContext context) {
        requireNonNull(config, "config is null");
        requireNonNull(context, "context is null");
        if (!config.isEmpty()) {
            String unknown = new TreeSet<>(config.keySet()).stream()
                    .map(key -> "storage." + NAME + "." + key)
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("unknown setting(s) " + unknown
                    + ": the file storage engine has no settings of its own");
        }
        if (context.dataDirectories().isEmpty()) {
            throw new IllegalArgumentException("the file storage engine needs at least one data directory (log.dirs)");
        }
        return new FileStorageEngine(context, FLUSH_CHECK_INTERVAL);
    }
}
