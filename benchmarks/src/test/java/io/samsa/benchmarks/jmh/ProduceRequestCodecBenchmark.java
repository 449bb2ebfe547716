package io.samsa.benchmarks.jmh;

import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.ByteBufferRecords;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.message.ProduceRequestData;
import io.samsa.protocol.message.ProduceRequestData.PartitionProduceData;
import io.samsa.protocol.message.ProduceRequestData.TopicProduceData;
import io.samsa.protocol.record.Compression;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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

/** The generated codec on a Produce request (v11) of one 16 KiB batch per partition: the broker decodes it, clients encode it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProduceRequestCodecBenchmark {
    private static final short VERSION = 11;

    @Param({"1", "8"})
    public int partitions;

    private ProduceRequestData request;
    private ByteBuffer encoded;

    @Setup
    public void setUp() {
        ByteBuffer batch = Batches.batch(Compression.NONE);
        List<PartitionProduceData> data = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            data.add(new PartitionProduceData().setIndex(i).setRecords(ByteBufferRecords.wrap(batch.duplicate())));
        }
        request = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(30_000);
        request.topicData().add(new TopicProduceData().setName("bench").setPartitionData(data));
        encoded = encode();
    }

    @Benchmark
    public ProduceRequestData decode() {
        return new ProduceRequestData(new ByteBufferReadable(encoded.duplicate()), VERSION);
    }

    @Benchmark
    public ByteBuffer encode() {
        ByteBufferWritable writable = new ByteBufferWritable(request.size(VERSION));
        request.write(writable, VERSION);
        return writable.toByteBuffer();
    }
}
