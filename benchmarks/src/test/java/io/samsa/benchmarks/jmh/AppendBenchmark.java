package io.samsa.benchmarks.jmh;

import io.samsa.api.storage.BatchFormat;
import io.samsa.api.storage.StorageContext;
import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.StorageSpi;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.core.config.TopicConfig;
import io.samsa.core.log.Log;
import io.samsa.core.log.RecordBatchFormat;
import io.samsa.core.server.Brokers;
import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.storage.file.FileStorageEngineFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Log.appendAsLeader over the file engine in a temporary directory (page cache, the default
 * durability), shaped like a produce request: one 16 KiB batch to each of {@code partitions}
 * partitions, then waiting for all of them. Each iteration starts on fresh logs so the data
 * written stays bounded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AppendBenchmark {
    @Param({"1", "8"})
    public int partitions;

    private ByteBuffer[] batches;
    private ExecutorService blockingPool;
    private Path directory;
    private StorageEngine engine;
    private Log[] logs;
    private CompletableFuture<?>[] appends;

    @Setup(Level.Trial)
    public void setUpTrial() {
        ByteBuffer batch = Batches.batch(Compression.NONE, false);
        batches = new ByteBuffer[partitions];
        appends = new CompletableFuture<?>[partitions];
        for (int i = 0; i < partitions; i++) {
            batches[i] = ByteBuffer.allocateDirect(batch.remaining()).put(batch.duplicate()).flip();
        }
        // As the broker sizes its blocking pool.
        blockingPool = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    @Setup(Level.Iteration)
    public void openLog() throws IOException {
        directory = Files.createTempDirectory("samsa-append-bench");
        engine = new FileStorageEngineFactory().create(Map.of(), new Context(List.of(directory), blockingPool));
        engine.start().toCompletableFuture().join();
        TopicConfig config = TopicConfig.resolve(Brokers.config(Map.of()).log(), Map.of());
        UUID topicId = UUID.randomUUID();
        logs = new Log[partitions];
        for (int i = 0; i < partitions; i++) {
            TopicPartitionId partition = new TopicPartitionId("bench", topicId, i);
            logs[i] = new Log(engine.openLog(partition, config.logSettings()).toCompletableFuture().join(), config,
                    Clock.systemUTC());
            logs[i].loadProducerState().toCompletableFuture().join();
        }
    }

    @TearDown(Level.Iteration)
    public void closeLog() throws IOException {
        engine.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() {
        blockingPool.shutdownNow();
    }

    @Benchmark
    public Object append16KiBBatches() {
        for (int i = 0; i < partitions; i++) {
            appends[i] = logs[i].appendAsLeader(RecordBatch.wrap(batches[i])).toCompletableFuture();
        }
        return CompletableFuture.allOf(appends).join();
    }

    private record Context(List<Path> dataDirectories, ExecutorService blockingExecutor) implements StorageContext {
        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public BatchFormat batchFormat() {
            return new RecordBatchFormat();
        }

        @Override
        public String spiVersion() {
            return StorageSpi.VERSION;
        }
    }
}
