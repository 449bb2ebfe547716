package io.samsa.core.network.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.message.RequestHeaderData;

/**
 * A request whose header has been read; {@code body} is the rest of the frame, not yet parsed.
 * Whoever holds a RequestFrame must release it once the request's handling has finished (its
 * parsed body may point into these bytes).
 */
public final class RequestFrame extends AbstractReferenceCounted {
    private final ApiKey apiKey;
    private final RequestHeaderData header;
    private final ByteBuf body;

    public RequestFrame(ApiKey apiKey, RequestHeaderData header, ByteBuf body) {
        this.apiKey = apiKey;
        this.header = header;
        this.body = body;
    }

    public ApiKey apiKey() {
        return apiKey;
    }

    public RequestHeaderData header() {
        return header;
    }

    public ByteBuf body() {
        return body;
    }

    @Override
    protected void deallocate() {
        body.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        body.touch(hint);
        return this;
    }
}
