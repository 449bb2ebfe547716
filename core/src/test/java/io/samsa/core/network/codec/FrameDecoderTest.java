package io.samsa.core.network.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
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
}
