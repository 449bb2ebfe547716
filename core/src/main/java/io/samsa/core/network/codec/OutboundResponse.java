package io.samsa.core.network.codec;

import io.samsa.protocol.ApiMessage;

/** A response body ready to be framed: its version and the response header version to put before it. */
public record OutboundResponse(int correlationId, short headerVersion, ApiMessage body, short version) {}
