package io.samsa.core.network.codec;

import static java.util.Objects.requireNonNull;

import io.netty.util.AbstractReferenceCounted;
import io.samsa.protocol.ApiMessage;

/**
 * A response body ready to be framed: its version and the response header version to put before
 * it. Reference counted because the body may own log slices: whoever ends up with the message
 * releases it (the {@link ResponseEncoder} once it has encoded it, or Netty if the write fails
 * before), and the last release runs {@code release}, which frees whatever the encoder did not
 * take over.
 */
public final class OutboundResponse extends AbstractReferenceCounted {
    private final int correlationId;
    private final short headerVersion;
    private final ApiMessage body;
    private final short version;
    private final Runnable release;

    public OutboundResponse(int correlationId, short headerVersion, ApiMessage body, short version, Runnable release) {
        this.correlationId = correlationId;
        this.headerVersion = headerVersion;
        this.body = requireNonNull(body, "body is null");
        this.version = version;
        this.release = requireNonNull(release, "release is null");
    }

    /** A response that owns nothing but memory. */
    public OutboundResponse(int correlationId, short headerVersion, ApiMessage body, short version) {
        this(correlationId, headerVersion, body, version, () -> {});
    }

    public int correlationId() {
        return correlationId;
    }

    public short headerVersion() {
        return headerVersion;
    }

    public ApiMessage body() {
        return body;
    }

    public short version() {
        return version;
    }

    @Override
    protected void deallocate() {
        release.run();
    }

    @Override
    public OutboundResponse touch(Object hint) {
        return this;
    }

    @Override
    public String toString() {
        return "OutboundResponse(correlationId=" + correlationId + ", " + body.getClass().getSimpleName() + " v" + version + ")";
    }
}
