package io.samsa.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.LogSlice;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.FetchRequestData;
import io.samsa.protocol.message.FetchResponseData;
import io.samsa.protocol.message.FetchResponseData.FetchableTopicResponse;
import io.samsa.protocol.message.FetchResponseData.PartitionData;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A response's slices are counted while held and given back once, by the dispatcher's release or by their claimer. */
class ResponseReleaseTest {
    private static final short VERSION = 12;

    private final OpenSlices openSlices = new OpenSlices();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();

    @Test
    void theDispatchersRespondReleasesTheHandlersResponseOnce() {
        // Given
        RequestDispatcher dispatcher = new RequestDispatcher(Map.of(ApiKey.FETCH, new SliceHandler()),
                new SupportedApis(Map.of(ApiKey.FETCH, new SliceHandler())));

        // When
        DispatchOutcome outcome = dispatcher.dispatch(context(), fetchRequest()).outcome().toCompletableFuture().join();

        // Then
        assertThat(outcome).isInstanceOf(DispatchOutcome.Respond.class);
        assertThat(openSlices.count()).isEqualTo(2);
        DispatchOutcome.Respond respond = (DispatchOutcome.Respond) outcome;
        respond.release();
        respond.release();
        assertThat(released).hasValue(1);
        assertThat(closed).hasValue(2);
        assertThat(openSlices.count()).isZero();
        assertThat(openSlices.total()).isEqualTo(2);
    }

    @Test
    void aClaimedSliceIsCountedUntilItsClaimerClosesIt() {
        // Given
        SliceRecords records = openSlices.track(slice());

        // When
        LogSlice claimed = records.claim();
        records.close();

        // Then
        assertThat(openSlices.count()).isEqualTo(1);
        assertThat(closed).hasValue(0);
        claimed.close();
        assertThat(openSlices.count()).isZero();
        assertThat(closed).hasValue(1);
    }

    @Test
    void theCopyPathWritesTheSliceAndLeavesItOpen() {
        // Given
        byte[] bytes = {1, 2, 3, 4, 5, 6};
        SliceRecords records = openSlices.track(new LogSlice.Buffers(
                List.of(ByteBuffer.wrap(bytes, 0, 2), ByteBuffer.wrap(bytes, 2, 4)), 9, closed::incrementAndGet));
        ByteBufferWritable writable = new ByteBufferWritable();

        // When
        records.writeTo(writable);

        // Then
        assertThat(writable.toByteBuffer()).isEqualTo(ByteBuffer.wrap(bytes));
        assertThat(records.isOpen()).isTrue();
        records.close();
        records.close();
        assertThat(closed).hasValue(1);
    }

    private LogSlice slice() {
        return new LogSlice.Buffers(List.of(ByteBuffer.wrap(new byte[] {1, 2, 3})), 1, closed::incrementAndGet);
    }

    private static RequestContext context() {
        return new RequestContext(ApiKey.FETCH, VERSION, 1, "test", "PLAINTEXT", new InetSocketAddress("127.0.0.1", 1), "c1");
    }

    private static ByteBufferReadable fetchRequest() {
        ByteBufferWritable writable = new ByteBufferWritable();
        new FetchRequestData().setReplicaId(-1).setMaxBytes(1000).write(writable, VERSION);
        return new ByteBufferReadable(writable.toByteBuffer());
    }

    /** Answers with two partitions whose records are counted slices, and closes them on release as FetchHandler does. */
    private final class SliceHandler implements RequestHandler<FetchRequestData, FetchResponseData> {
        @Override
        public ApiKey apiKey() {
            return ApiKey.FETCH;
        }

        @Override
        public VersionRange versions() {
            return VersionRange.of(4, 18);
        }

        @Override
        public CompletionStage<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
            List<PartitionData> partitions = new ArrayList<>();
            partitions.add(new PartitionData().setPartitionIndex(0).setRecords(openSlices.track(slice())));
            partitions.add(new PartitionData().setPartitionIndex(1).setRecords(openSlices.track(slice())));
            return CompletableFuture.completedFuture(new FetchResponseData().setResponses(
                    new ArrayList<>(List.of(new FetchableTopicResponse().setTopic("t").setPartitions(partitions)))));
        }

        @Override
        public FetchResponseData errorResponse(RequestContext context, FetchRequestData request, ErrorCode error, String message) {
            return new FetchResponseData().setErrorCode(error.code());
        }

        @Override
        public void release(FetchResponseData response) {
            released.incrementAndGet();
            response.responses().forEach(topic -> topic.partitions().forEach(partition -> {
                if (partition.records() instanceof SliceRecords records) {
                    records.close();
                }
            }));
        }
    }
}
