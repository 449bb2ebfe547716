package io.samsa.core.network.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.samsa.protocol.message.ResponseHeaderData;
import java.util.List;

/** Frames a response: size, response header, body — sized exactly, written once. */
public final class ResponseEncoder extends MessageToMessageEncoder<OutboundResponse> {
    public ResponseEncoder() {
        super(OutboundResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundResponse response, List<Object> out) {
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(response.correlationId());
        int size = header.size(response.headerVersion()) + response.body().size(response.version());
        ByteBuf buf = ctx.alloc().ioBuffer(Integer.BYTES + size);
        try {
            buf.writeInt(size);
            ByteBufWritable writable = new ByteBufWritable(buf);
            header.write(writable, response.headerVersion());
            response.body().write(writable, response.version());
            if (buf.readableBytes() != Integer.BYTES + size) {
                throw new IllegalStateException("encoded " + (buf.readableBytes() - Integer.BYTES)
                        + " bytes but sized " + size);
            }
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        out.add(buf);
    }
}
