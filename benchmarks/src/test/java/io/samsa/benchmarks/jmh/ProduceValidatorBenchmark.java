package io.samsa.benchmarks.jmh;

import io.samsa.core.config.TopicConfig;
import io.samsa.core.log.ProduceValidator;
import io.samsa.core.server.Brokers;
import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Everything the broker checks in a produced batch before it appends it (CRC, structure, every record). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProduceValidatorBenchmark {
    @Param({"NONE", "LZ4"})
    public String compression;

    private final ProduceValidator validator = new ProduceValidator();
    private ByteBuffer batch;
    private TopicConfig config;

    @Setup
    public void setUp() {
        batch = Batches.batch(Compression.valueOf(compression));
        config = TopicConfig.resolve(Brokers.config(Map.of()).log(), Map.of());
    }

    @Benchmark
    public RecordBatch validate16KiBBatch() {
        return validator.validate(batch.duplicate(), config, (short) 11, System.currentTimeMillis());
    }
}
