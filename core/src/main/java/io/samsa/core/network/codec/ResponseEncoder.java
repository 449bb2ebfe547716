package io.samsa.core.network.codec;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.samsa.protocol.message.ResponseHeaderData;
import java.util.List;

/**
 * Frames a response: size, response header, body — sized exactly, written once. Records still in
 * the storage engine ({@link io.samsa.core.dispatch.SliceRecords}) are not copied: the frame goes
 * out as several messages, buffers and file regions in turn (see {@link ByteBufWritable}), which
 * Netty writes in order and completes the write's promise when all are written. The
 * {@link OutboundResponse} is released after encoding (by the superclass), freeing whatever the
 * encoding did not take over.
 */
public final class ResponseEncoder extends MessageToMessageEncoder<OutboundResponse> {
    private final SendStats stats;

    public ResponseEncoder(SendStats stats) {
        super(OutboundResponse.class);
        this.stats = requireNonNull(stats, "stats is null");
    }

    public ResponseEncoder() {
        this(new SendStats());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundResponse response, List<Object> out) {
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(response.correlationId());
        int size = header.size(response.headerVersion()) + response.body().size(response.version());
        ByteBufWritable writable = new ByteBufWritable(ctx.alloc(), Integer.BYTES + (long) size, stats);
        List<Object> parts;
        try {
            writable.writeInt(size);
            header.write(writable, response.headerVersion());
            response.body().write(writable, response.version());
            long written = writable.bytesWritten();
            if (written != Integer.BYTES + (long) size) {
                throw new IllegalStateException("encoded " + (written - Integer.BYTES) + " bytes but sized " + size);
            }
            parts = writable.finish();
        } catch (RuntimeException e) {
            writable.discard();
            throw e;
        }
        // Added only now: the superclass writes whatever is in out, even when encode throws.
        out.addAll(parts);
    }
}
