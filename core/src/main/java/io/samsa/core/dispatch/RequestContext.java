package io.samsa.core.dispatch;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ApiKey;
import java.net.InetSocketAddress;

/**
 * Who asked what: the parsed request header plus the connection it arrived on. Handlers answer
 * for the listener the request came in on (Metadata returns that listener's endpoints).
 */
public record RequestContext(
        ApiKey apiKey,
        short apiVersion,
        int correlationId,
        String clientId,
        String listenerName,
        InetSocketAddress remoteAddress,
        String connectionId) {

    public RequestContext {
        requireNonNull(apiKey, "apiKey is null");
        requireNonNull(listenerName, "listenerName is null");
        requireNonNull(connectionId, "connectionId is null");
    }
}
