package io.samsa.core.network.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ReferenceCountUtil;
import io.samsa.api.storage.LogSlice;
import io.samsa.core.dispatch.SliceRecords;
import io.samsa.protocol.ByteBufferRecords;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.Records;
import io.samsa.protocol.Writable;
import io.samsa.protocol.message.FetchResponseData;
import io.samsa.protocol.message.FetchResponseData.FetchableTopicResponse;
import io.samsa.protocol.message.FetchResponseData.PartitionData;
import io.samsa.protocol.message.ResponseHeaderData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fetch responses leave as buffers and file regions, byte for byte what copying would send, each slice closed once. */
class ResponseEncoderTest {
    private static final int CORRELATION_ID = 77;
    private static final short FLEXIBLE_HEADER = 1;

    @TempDir
    Path tempDir;

    private byte[] fileBytes;
    private FileChannel file;
    private final List<AtomicInteger> closes = new ArrayList<>();
    private final List<SliceRecords> owned = new ArrayList<>();

    @BeforeEach
    void createLogFile() throws IOException {
        fileBytes = new byte[256 * 1024];
        for (int i = 0; i < fileBytes.length; i++) {
            fileBytes[i] = (byte) (i * 31 + i / 251);
        }
        Path path = tempDir.resolve("00000000000000000000.log");
        Files.write(path, fileBytes);
        file = FileChannel.open(path, StandardOpenOption.READ);
    }

    @AfterEach
    void closeLogFile() throws IOException {
        file.close();
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {4, 11, 12, 16, 18})
    void slicesGoOutAsFileRegionsAndWrappedBuffersWithTheBytesTheCopyPathSends(short version) throws IOException {
        // Given
        SendStats stats = new SendStats();
        EmbeddedChannel channel = new EmbeddedChannel(new ResponseEncoder(stats));
        FetchResponseData response = response(List.of(
                fileSlice(100, 3000),
                ByteBufferRecords.empty(),
                bufferSlice(bytes(7, 40), ByteBuffer.allocateDirect(70).put(bytes(9, 70)).flip()),
                ByteBufferRecords.wrap(bytes(5, 5)),
                fileSlice(200_000, 50_000)));
        byte[] copied = copyPathFrame(response, version);
        short headerVersion = version >= 12 ? FLEXIBLE_HEADER : 0;

        // When
        assertThat(channel.writeOutbound(new OutboundResponse(CORRELATION_ID, headerVersion, response, version,
                this::releaseResponse))).isTrue();

        // Then
        List<Object> parts = drain(channel);
        assertThat(parts).extracting(part -> part.getClass().getSimpleName()).containsSubsequence(
                "SliceFileRegion", "SliceBuffers", "SliceFileRegion");
        assertThat(parts.stream().filter(FileRegion.class::isInstance)).hasSize(2);
        assertThat(closedCounts()).as("nothing closed while Netty holds the parts").containsOnly(0);
        assertThat(sendAndRelease(parts)).isEqualTo(copied);
        assertThat(closedCounts()).containsOnly(1);
        assertThat(stats.snapshot()).isEqualTo(new SendStats.Snapshot(2, 53_000, 110, 5));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theOldCopyPathAndTheZeroCopyPathFrameTheSameBytes() throws IOException {
        // Given
        short version = 16;
        EmbeddedChannel channel = new EmbeddedChannel(new ResponseEncoder());
        FetchResponseData zeroCopy = response(List.of(fileSlice(0, 10_000), bufferSlice(bytes(3, 1000))));
        FetchResponseData copy = response(List.of(
                ByteBufferRecords.wrap(Arrays.copyOfRange(fileBytes, 0, 10_000)), ByteBufferRecords.wrap(bytes(3, 1000))));

        // When
        channel.writeOutbound(new OutboundResponse(CORRELATION_ID, FLEXIBLE_HEADER, zeroCopy, version, this::releaseResponse));
        byte[] zeroCopyBytes = sendAndRelease(drain(channel));
        channel.writeOutbound(new OutboundResponse(CORRELATION_ID, FLEXIBLE_HEADER, copy, version));
        List<Object> copyParts = drain(channel);

        // Then
        assertThat(copyParts).singleElement().isInstanceOf(ByteBuf.class);
        assertThat(zeroCopyBytes).isEqualTo(sendAndRelease(copyParts));
        assertThat(closedCounts()).containsOnly(1);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aResponseWrittenAfterTheConnectionClosedClosesItsSlices() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(new ResponseEncoder());
        FetchResponseData response = response(List.of(fileSlice(0, 4096), bufferSlice(bytes(1, 100))));
        channel.close();

        // When
        ChannelFuture written = channel.writeAndFlush(
                new OutboundResponse(CORRELATION_ID, FLEXIBLE_HEADER, response, (short) 16, this::releaseResponse));

        // Then
        assertThat(written.isSuccess()).isFalse();
        assertThat(closedCounts()).containsOnly(1);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void slicesEncodedButNotFlushedAreClosedWhenTheConnectionCloses() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(new ResponseEncoder());
        FetchResponseData response = response(List.of(fileSlice(0, 4096), bufferSlice(bytes(1, 100)), fileSlice(8192, 10)));
        ChannelFuture written = channel.write(
                new OutboundResponse(CORRELATION_ID, FLEXIBLE_HEADER, response, (short) 16, this::releaseResponse));
        assertThat(closedCounts()).containsOnly(0);

        // When
        channel.close();

        // Then
        assertThat(written.isDone() && !written.isSuccess()).isTrue();
        assertThat(closedCounts()).containsOnly(1);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anEncodingFailureClosesTheSlicesAlreadyCutAndThoseNotReachedOnce() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(new ResponseEncoder());
        Records failing = new Records() {
            @Override
            public int sizeInBytes() {
                return 10;
            }

            @Override
            public void writeTo(Writable writable) {
                throw new IllegalStateException("cannot read these records");
            }
        };
        FetchResponseData response = response(List.of(fileSlice(0, 4096), failing, fileSlice(8192, 10)));

        // When
        ChannelFuture written = channel.writeAndFlush(
                new OutboundResponse(CORRELATION_ID, FLEXIBLE_HEADER, response, (short) 16, this::releaseResponse));

        // Then
        assertThat(written.cause()).isInstanceOf(EncoderException.class).hasRootCauseMessage("cannot read these records");
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(closedCounts()).containsOnly(1);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aSizeThatDoesNotMatchTheBytesWrittenFailsTheWriteAndClosesTheSlices() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(new ResponseEncoder());
        Records shortOfItsSize = new Records() {
            @Override
            public int sizeInBytes() {
                return 10;
            }

            @Override
            public void writeTo(Writable writable) {
                writable.writeBytes(new byte[3]);
            }
        };
        FetchResponseData response = response(List.of(fileSlice(0, 4096), shortOfItsSize, bufferSlice(bytes(2, 20))));

        // When
        ChannelFuture written = channel.writeAndFlush(
                new OutboundResponse(CORRELATION_ID, FLEXIBLE_HEADER, response, (short) 16, this::releaseResponse));

        // Then
        assertThat(written.cause()).isInstanceOf(EncoderException.class).hasMessageContaining("but sized");
        assertThat(closedCounts()).containsOnly(1);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aSliceIsClaimedOnceAndClosedByItsClaimerOnly() {
        // Given
        SliceRecords records = fileSlice(0, 10);

        // When
        LogSlice slice = records.claim();
        records.close();

        // Then
        assertThat(closedCounts()).containsOnly(0);
        assertThatThrownBy(records::claim).isInstanceOf(IllegalStateException.class);
        slice.close();
        assertThat(closedCounts()).containsOnly(1);
    }

    // ---- fixtures

    private SliceRecords fileSlice(long position, int size) {
        AtomicInteger closed = counter();
        return own(new LogSlice.FileRegion(file, position, size, 0, closed::incrementAndGet));
    }

    private SliceRecords bufferSlice(byte[] first, ByteBuffer... more) {
        AtomicInteger closed = counter();
        List<ByteBuffer> buffers = new ArrayList<>();
        buffers.add(ByteBuffer.wrap(first).asReadOnlyBuffer());
        for (ByteBuffer buffer : more) {
            buffers.add(buffer.asReadOnlyBuffer());
        }
        return own(new LogSlice.Buffers(buffers, 0, closed::incrementAndGet));
    }

    private SliceRecords own(LogSlice slice) {
        SliceRecords records = new SliceRecords(slice);
        owned.add(records);
        return records;
    }

    private AtomicInteger counter() {
        AtomicInteger closed = new AtomicInteger();
        closes.add(closed);
        return closed;
    }

    /** What FetchHandler.release does: close whatever the encoder did not take. */
    private void releaseResponse() {
        owned.forEach(SliceRecords::close);
    }

    private List<Integer> closedCounts() {
        return closes.stream().map(AtomicInteger::get).toList();
    }

    private static byte[] bytes(int seed, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 17 + i);
        }
        return bytes;
    }

    private static FetchResponseData response(List<Records> records) {
        List<PartitionData> partitions = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            partitions.add(new PartitionData().setPartitionIndex(i).setHighWatermark(1000 + i).setLastStableOffset(1000 + i)
                    .setLogStartOffset(0).setRecords(records.get(i)));
        }
        partitions.add(new PartitionData().setPartitionIndex(99).setRecords(null));
        FetchableTopicResponse topic = new FetchableTopicResponse().setTopic("zero-copy").setTopicId(new UUID(3, 4))
                .setPartitions(partitions);
        return new FetchResponseData().setResponses(new ArrayList<>(List.of(topic)));
    }

    /** The frame as written by copying every record into one buffer (SliceRecords' own fallback). */
    private static byte[] copyPathFrame(FetchResponseData response, short version) {
        short headerVersion = version >= 12 ? FLEXIBLE_HEADER : 0;
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(CORRELATION_ID);
        ByteBufferWritable writable = new ByteBufferWritable();
        writable.writeInt(header.size(headerVersion) + response.size(version));
        header.write(writable, headerVersion);
        response.write(writable, version);
        ByteBuffer frame = writable.toByteBuffer();
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    private static List<Object> drain(EmbeddedChannel channel) {
        List<Object> parts = new ArrayList<>();
        Object part;
        while ((part = channel.readOutbound()) != null) {
            parts.add(part);
        }
        return parts;
    }

    /** Sends the parts as a socket would (file regions through transferTo), releases them, and returns what was sent. */
    private static byte[] sendAndRelease(List<Object> parts) throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        WritableByteChannel socket = Channels.newChannel(sent);
        try {
            for (Object part : parts) {
                if (part instanceof ByteBuf buf) {
                    buf.getBytes(buf.readerIndex(), sent, buf.readableBytes());
                } else if (part instanceof FileRegion region) {
                    while (region.transferred() < region.count()) {
                        assertThat(region.transferTo(socket, region.transferred())).isPositive();
                    }
                } else {
                    throw new AssertionError("unexpected part " + part);
                }
            }
        } finally {
            parts.forEach(ReferenceCountUtil::release);
        }
        return sent.toByteArray();
    }
}
