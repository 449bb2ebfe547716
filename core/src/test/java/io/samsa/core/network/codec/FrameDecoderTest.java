package io.samsa.core.network.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static ByteBuf bytes(int... values) {
        ByteBuf buf = Unpooled.buffer();
        for (int value : values) {
            buf.writeByte(value);
        }
        return buf;
    }

    @Test
    void aFrameSplitAcrossReadsComesOutWholeAndOnce() {
        // Given
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(100));
        // When the size and payload arrive in three pieces, followed by the start of another frame
        channel.writeInbound(bytes(0, 0));
        channel.writeInbound(bytes(0, 3, 7));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(bytes(8, 9, 0, 0, 0));
        // Then exactly one frame holding the payload
        ByteBuf frame = channel.readInbound();
        try {
            assertThat(frame.readableBytes()).isEqualTo(3);
            assertThat(frame.getByte(0)).isEqualTo((byte) 7);
            assertThat(frame.getByte(2)).isEqualTo((byte) 9);
        } finally {
            frame.release();
        }
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aSizeAboveTheLimitClosesTheConnectionBeforeBuffering() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(100));
        channel.writeInbound(bytes(0, 0, 0, 101, 1, 2, 3));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void aNegativeSizeClosesTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(100));
        channel.writeInbound(bytes(0xff, 0xff, 0xff, 0xff));
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(4));
        channel.writeInbound(bytes(0, 0, 0, 4, 1, 2, 3, 4));
        ByteBuf frame = channel.readInbound();
        assertThat(frame.readableBytes()).isEqualTo(4);
        frame.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void aLargeFrameInManyReadsIsGatheredInOneBufferOfItsSize() {
        // Given a 200 KB frame of random bytes, arriving in 64 KiB reads
        byte[] payload = new byte[200_000];
        new Random(7).nextBytes(payload);
        ByteBuf wire = Unpooled.buffer().writeInt(payload.length).writeBytes(payload);
        RecordingAllocator allocator = new RecordingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024 * 1024));
        channel.config().setAllocator(allocator);
        // When
        while (wire.isReadable()) {
            channel.writeInbound(wire.readRetainedSlice(Math.min(64 * 1024, wire.readableBytes())));
        }
        wire.release();
        // Then the frame is whole, and the decoder grew its buffer once, straight to the frame's size
        ByteBuf frame = channel.readInbound();
        try {
            byte[] received = new byte[frame.readableBytes()];
            frame.getBytes(frame.readerIndex(), received);
            assertThat(received).isEqualTo(payload);
        } finally {
            frame.release();
        }
        assertThat(allocator.requests).isEqualTo(1);
        assertThat(allocator.largest).isEqualTo(Integer.BYTES + payload.length);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aSizeFieldThatLiesDoesNotReserveMemoryFarBeyondWhatArrived() {
        // Given a frame that claims 50 MiB but sends only 2,000 bytes, in two reads
        RecordingAllocator allocator = new RecordingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(100 * 1024 * 1024));
        channel.config().setAllocator(allocator);
        channel.writeInbound(Unpooled.buffer().writeInt(50 * 1024 * 1024).writeZero(1_000));
        channel.writeInbound(Unpooled.buffer().writeZero(1_000));
        // Then no frame, and at most 1 MiB ahead of the bytes received is reserved
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(allocator.largest).isBetween(1, 1024 * 1024 + 2_004);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    /** Counts the buffers the decoder allocates for gathering, and the largest. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {
        int requests;
        int largest;

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            record(initialCapacity);
            return Unpooled.buffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            record(initialCapacity);
            return Unpooled.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        private void record(int capacity) {
            requests++;
            largest = Math.max(largest, capacity);
        }
    }
}
