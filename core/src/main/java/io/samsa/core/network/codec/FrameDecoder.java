package io.samsa.core.network.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the stream into Kafka frames (a 4-byte big-endian size, then that many bytes). The size
 * is checked against {@code socket.request.max.bytes} before anything is buffered, so a hostile
 * size field costs nothing but this one connection. Emits one retained slice per frame; the
 * next handler owns it.
 *
 * <p>A frame that arrives in several reads is gathered in one buffer sized for the whole frame as
 * soon as its size is known, rather than in a buffer grown (and copied) read by read; see
 * {@link #wholeFrameCapacity} for how far ahead of the bytes received that goes.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);

    private static final int MAX_BYTES_AHEAD = 1024 * 1024;

    private final int maxFrameBytes;
    private boolean discarding;
    /** The whole size (prefix included) of the frame being gathered; 0 while none is known. */
    private int pendingFrameBytes;

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        setCumulator(this::cumulate);
    }

    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        int frameBytes = pendingFrameBytes;
        int gathered = cumulation.readableBytes();
        if (frameBytes > gathered && cumulation.writableBytes() < in.readableBytes()) {
            // The cumulation holds the start of the frame (decode consumed everything before it).
            ByteBuf whole;
            try {
                whole = alloc.ioBuffer(wholeFrameCapacity(frameBytes, gathered + in.readableBytes()));
            } catch (RuntimeException | Error e) {
                in.release(); // the cumulator owns it, as Netty's own do
                throw e;
            }
            whole.writeBytes(cumulation);
            cumulation.release();
            cumulation = whole;
        }
        return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
    }

    /**
     * Room for the whole frame, but never far beyond what has arrived (at most double, or 1 MiB
     * ahead), so a size field that lies cannot make the broker reserve memory it was never sent.
     */
    private static int wholeFrameCapacity(int frameBytes, int arrived) {
        long bound = Math.max(2L * arrived, (long) arrived + MAX_BYTES_AHEAD);
        return (int) Math.max(arrived, Math.min(frameBytes, bound));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Integer.BYTES) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxFrameBytes) {
            log.info("Closing connection from {}: frame size {} is outside 0..{} (socket.request.max.bytes)",
                    ctx.channel().remoteAddress(), size, maxFrameBytes);
            discarding = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (in.readableBytes() < Integer.BYTES + size) {
            pendingFrameBytes = Integer.BYTES + size;
            return;
        }
        pendingFrameBytes = 0;
        in.skipBytes(Integer.BYTES);
        out.add(in.readRetainedSlice(size));
    }
}
