package io.samsa.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestDispatcher;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.SupportedApis;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.network.codec.OutboundResponse;
import io.samsa.core.network.codec.RequestFrame;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiMessage;
import io.samsa.protocol.ByteBufferRecords;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.MetadataRequestData;
import io.samsa.protocol.message.MetadataResponseData;
import io.samsa.protocol.message.ProduceRequestData;
import io.samsa.protocol.message.ProduceResponseData;
import io.samsa.protocol.message.RequestHeaderData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which requests of a connection may be in flight together: produces that say they are ordered
 * on return overlap (up to a count and a byte bound), everything else waits for what is ahead of
 * it, and answers leave in request order whatever order they complete in.
 */
class RequestChannelHandlerTest {
    private static final short PRODUCE_VERSION = 9;
    private static final short METADATA_VERSION = 12;

    private final ParkedHandler<ProduceRequestData, ProduceResponseData> produces = new ParkedHandler<>(ApiKey.PRODUCE,
            VersionRange.of(3, 13), request -> request.acks() != 0, ProduceResponseData::new);
    private final ParkedHandler<MetadataRequestData, MetadataResponseData> metadata = new ParkedHandler<>(ApiKey.METADATA,
            VersionRange.of(0, 13), request -> false, MetadataResponseData::new);
    private final EmbeddedChannel channel = new EmbeddedChannel(new RequestChannelHandler(
            new RequestDispatcher(Map.of(ApiKey.PRODUCE, produces, ApiKey.METADATA, metadata),
                    new SupportedApis(Map.of(ApiKey.PRODUCE, produces, ApiKey.METADATA, metadata))),
            "PLAINTEXT"));
    private int correlationId;

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void orderedProducesOverlapUpToTheLimitAndTheNextStartsWhenTheFirstIsAnswered() {
        // When six produces arrive back to back
        for (int i = 0; i < 6; i++) {
            channel.writeInbound(produce(1, 100));
        }

        // Then five are handed to the handler at once, and the sixth once the first is answered
        assertThat(produces.started).hasSize(RequestChannelHandler.MAX_OVERLAPPING);
        produces.complete(0);
        assertThat(answered()).containsExactly(1);
        assertThat(produces.started).hasSize(6);
    }

    @Test
    void answersLeaveInRequestOrderWhateverOrderTheyCompleteIn() {
        // Given three produces in flight
        for (int i = 0; i < 3; i++) {
            channel.writeInbound(produce(1, 100));
        }

        // When the later ones complete first, nothing is sent; once the first completes, all three go in order
        produces.complete(2);
        produces.complete(1);
        assertThat(answered()).isEmpty();
        produces.complete(0);
        assertThat(answered()).containsExactly(1, 2, 3);
    }

    @Test
    void aRequestOfAnotherApiWaitsForTheProducesAheadOfIt() {
        // Given two produces in flight and a Metadata request behind them
        channel.writeInbound(produce(1, 100));
        channel.writeInbound(produce(1, 100));
        channel.writeInbound(metadata());

        // Then the Metadata request starts only once both produces are answered
        assertThat(metadata.started).isEmpty();
        produces.complete(0);
        assertThat(metadata.started).isEmpty();
        produces.complete(1);
        assertThat(metadata.started).hasSize(1);
        metadata.complete(0);
        assertThat(answered()).containsExactly(1, 2, 3);
    }

    @Test
    void aRequestThatIsNotOrderedOnReturnHoldsBackTheNext() {
        // Given an acks=0 produce (its failure would close the connection) and a produce behind it
        channel.writeInbound(produce(0, 100));
        channel.writeInbound(produce(1, 100));

        // Then the second starts only once the first is over
        assertThat(produces.started).hasSize(1);
        produces.complete(0);
        assertThat(produces.started).hasSize(2);
    }

    @Test
    void overlappingStopsAtTheByteBound() {
        // When produces of 6 MiB each arrive back to back
        int bytes = 6 * 1024 * 1024;
        for (int i = 0; i < 3; i++) {
            channel.writeInbound(produce(1, bytes));
        }

        // Then only two are in flight together (three would hold more than 16 MiB), the third after the first
        assertThat(produces.started).hasSize(2);
        produces.complete(0);
        assertThat(produces.started).hasSize(3);
    }

    private RequestFrame produce(int acks, int recordBytes) {
        ProduceRequestData request = new ProduceRequestData().setAcks((short) acks).setTimeoutMs(1000);
        request.topicData().add(new ProduceRequestData.TopicProduceData().setName("t").setPartitionData(new ArrayList<>(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0)
                        .setRecords(ByteBufferRecords.wrap(new byte[recordBytes]))))));
        return frame(ApiKey.PRODUCE, PRODUCE_VERSION, request);
    }

    private RequestFrame metadata() {
        return frame(ApiKey.METADATA, METADATA_VERSION, new MetadataRequestData());
    }

    private RequestFrame frame(ApiKey key, short version, ApiMessage body) {
        ByteBufferWritable writable = new ByteBufferWritable();
        body.write(writable, version);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id()).setRequestApiVersion(version)
                .setCorrelationId(++correlationId).setClientId("test");
        return new RequestFrame(key, header, Unpooled.wrappedBuffer(writable.toByteBuffer()));
    }

    /** The correlation ids of the answers written since the last call, in the order they were written. */
    private List<Integer> answered() {
        channel.runPendingTasks();
        List<Integer> ids = new ArrayList<>();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ids.add(((OutboundResponse) message).correlationId());
            ReferenceCountUtil.release(message);
        }
        return ids;
    }

    /** Keeps every request it is given waiting until the test completes it. */
    private static final class ParkedHandler<Q extends ApiMessage, R extends ApiMessage> implements RequestHandler<Q, R> {
        private final ApiKey key;
        private final VersionRange versions;
        private final Predicate<Q> ordered;
        private final Supplier<R> response;
        final List<CompletableFuture<R>> started = new ArrayList<>();

        ParkedHandler(ApiKey key, VersionRange versions, Predicate<Q> ordered,
                Supplier<R> response) {
            this.key = key;
            this.versions = versions;
            this.ordered = ordered;
            this.response = response;
        }

        void complete(int index) {
            started.get(index).complete(response.get());
        }

        @Override
        public ApiKey apiKey() {
            return key;
        }

        @Override
        public VersionRange versions() {
            return versions;
        }

        @Override
        public CompletionStage<R> handle(RequestContext context, Q request) {
            CompletableFuture<R> answer = new CompletableFuture<>();
            started.add(answer);
            return answer;
        }

        @Override
        public boolean orderedOnReturn(Q request) {
            return ordered.test(request);
        }

        @Override
        public R errorResponse(RequestContext context, Q request, ErrorCode error, String message) {
            return response.get();
        }
    }
}
