package io.samsa.api.storage;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/** What the broker gives a storage engine when creating it. */
public interface StorageContext {
    /** The broker's clock; engines use it for segment ages and retention, so tests can control time. */
    Clock clock();

    /** The broker's data directories ({@code log.dirs}); engines that keep local files put them here. */
    List<Path> dataDirectories();

    /** For blocking work (file I/O, fsync, network calls): never block the caller's thread. */
    Executor blockingExecutor();

    /** How to read the batches the broker appends. */
    BatchFormat batchFormat();

    /** The SPI version the broker implements, e.g. "1.0.0"; see {@link StorageSpi#VERSION}. */
    String spiVersion();
}
