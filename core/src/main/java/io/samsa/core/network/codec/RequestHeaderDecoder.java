package io.samsa.core.network.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.Readable;
import io.samsa.protocol.message.RequestHeaderData;
import java.util.List;

/**
 * Reads the request header of a frame. The header's own version depends on the API and version
 * in its first four bytes, so those are peeked first. An unknown API key makes the rest of the
 * frame unreadable: like Kafka, the connection is closed (by the exception handler).
 */
public final class RequestHeaderDecoder extends MessageToMessageDecoder<ByteBuf> {
    private static final int FIXED_PREFIX = Short.BYTES * 2 + Integer.BYTES;

    public RequestHeaderDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        if (frame.readableBytes() < FIXED_PREFIX) {
            throw new CorruptedFrameException("request of " + frame.readableBytes() + " bytes is shorter than a header");
        }
        short apiKeyId = frame.getShort(frame.readerIndex());
        short apiVersion = frame.getShort(frame.readerIndex() + Short.BYTES);
        ApiKey apiKey = ApiKey.forId(apiKeyId);
        if (apiKey == null) {
            throw new CorruptedFrameException("unknown API key " + apiKeyId);
        }
        Readable readable = ByteBufs.readable(frame);
        RequestHeaderData header;
        try {
            header = new RequestHeaderData(readable, apiKey.requestHeaderVersion(apiVersion));
        } catch (RuntimeException e) {
            throw new CorruptedFrameException("unreadable request header: " + e.getMessage(), e);
        }
        int headerBytes = frame.readableBytes() - readable.remaining();
        frame.skipBytes(headerBytes);
        out.add(new RequestFrame(apiKey, header, frame.retainedSlice()));
    }
}
