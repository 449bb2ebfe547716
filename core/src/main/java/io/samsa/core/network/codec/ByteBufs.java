package io.samsa.core.network.codec;

import io.netty.buffer.ByteBuf;
import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.Readable;
import java.nio.ByteBuffer;

/** Bridges Netty buffers to the protocol module's Readable without copying where possible. */
public final class ByteBufs {
    private ByteBufs() {}

    /** A Readable over the readable bytes of {@code buf}; valid only while {@code buf} is retained. */
    public static Readable readable(ByteBuf buf) {
        ByteBuffer view = buf.nioBufferCount() == 1
                ? buf.nioBuffer(buf.readerIndex(), buf.readableBytes())
                : copy(buf);
        return new ByteBufferReadable(view);
    }

    private static ByteBuffer copy(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return ByteBuffer.wrap(bytes);
    }
}
