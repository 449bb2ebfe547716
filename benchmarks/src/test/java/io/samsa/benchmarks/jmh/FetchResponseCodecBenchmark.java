package io.samsa.benchmarks.jmh;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.samsa.api.storage.LogSlice;
import io.samsa.core.dispatch.SliceRecords;
import io.samsa.core.network.codec.OutboundResponse;
import io.samsa.core.network.codec.ResponseEncoder;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.ByteBufferRecords;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.Records;
import io.samsa.protocol.message.FetchResponseData;
import io.samsa.protocol.message.FetchResponseData.FetchableTopicResponse;
import io.samsa.protocol.message.FetchResponseData.PartitionData;
import io.samsa.protocol.record.Compression;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A Fetch response (v16) of 8 partitions, each with 64 KiB of stored batches: encoded by the
 * broker's own {@link ResponseEncoder} (records handed over as log slices, not copied), and
 * decoded as a client would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dio.netty.leakDetection.level=disabled"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FetchResponseCodecBenchmark {
    private static final short VERSION = 16;
    private static final int PARTITIONS = 8;
    private static final int BATCHES_PER_PARTITION = 4;

    private final UUID topicId = UUID.randomUUID();
    private ByteBuffer stored;
    private ByteBuffer encoded;
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        ByteBuffer batch = Batches.batch(Compression.NONE);
        stored = ByteBuffer.allocateDirect(batch.remaining() * BATCHES_PER_PARTITION);
        for (int i = 0; i < BATCHES_PER_PARTITION; i++) {
            stored.put(batch.duplicate());
        }
        stored.flip();
        channel = new EmbeddedChannel(new ResponseEncoder());
        ByteBufferWritable writable = new ByteBufferWritable();
        FetchResponseData copy = response(bytes -> ByteBufferRecords.wrap(bytes));
        copy.write(writable, VERSION);
        encoded = writable.toByteBuffer();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int encodeWithSlices() {
        FetchResponseData response = response(bytes -> new SliceRecords(
                new LogSlice.Buffers(List.of(bytes), 1000L, () -> {})));
        channel.writeOutbound(new OutboundResponse(7, ApiKey.FETCH.responseHeaderVersion(VERSION), response, VERSION));
        int parts = 0;
        for (Object part; (part = channel.readOutbound()) != null; parts++) {
            ReferenceCountUtil.release(part);
        }
        return parts;
    }

    @Benchmark
    public FetchResponseData decode() {
        return new FetchResponseData(new ByteBufferReadable(encoded.duplicate()), VERSION);
    }

    private FetchResponseData response(Function<ByteBuffer, Records> records) {
        List<PartitionData> partitions = new ArrayList<>();
        for (int i = 0; i < PARTITIONS; i++) {
            partitions.add(new PartitionData().setPartitionIndex(i).setHighWatermark(1_000_000L)
                    .setLastStableOffset(1_000_000L).setLogStartOffset(0L).setRecords(records.apply(stored.duplicate())));
        }
        FetchResponseData response = new FetchResponseData().setSessionId(0);
        response.responses().add(new FetchableTopicResponse().setTopicId(topicId).setPartitions(partitions));
        return response;
    }
}
