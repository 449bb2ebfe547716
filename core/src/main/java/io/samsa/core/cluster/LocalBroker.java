package io.samsa.core.cluster;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.Endpoint;
import io.samsa.core.config.NetworkConfig;
import io.samsa.core.config.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This broker as clients must see it: its id, rack, and for each listener the host and port to
 * connect to. Ports are known only once the network has bound (port 0 means "any free port"),
 * so the network layer reports them here and the Metadata handlers read them.
 */
public final class LocalBroker {
    private final ServerConfig server;
    private final NetworkConfig network;
    private final Map<String, BrokerEndpoint> endpoints = new ConcurrentHashMap<>();

    @Inject
    public LocalBroker(ServerConfig server, NetworkConfig network) {
        this.server = requireNonNull(server, "server is null");
        this.network = requireNonNull(network, "network is null");
    }

    public int nodeId() {
        return server.nodeId();
    }

    public Optional<String> rack() {
        return server.rack();
    }

    /** Records where a listener is bound, and derives what clients are told from it. */
    public void listenerBound(Endpoint listener, InetSocketAddress bound) {
        BrokerEndpoint advertised = network.advertisedFor(listener.listenerName())
                .map(endpoint -> new BrokerEndpoint(endpoint.host(), endpoint.port() == 0 ? bound.getPort() : endpoint.port()))
                .orElseGet(() -> new BrokerEndpoint(advertisableHost(listener.host()), bound.getPort()));
        endpoints.put(listener.listenerName(), advertised);
    }

    public Optional<BrokerEndpoint> endpoint(String listenerName) {
        return Optional.ofNullable(endpoints.get(listenerName));
    }

    /** Like Kafka: an empty or wildcard listener host is advertised as this machine's canonical name. */
    private static String advertisableHost(String host) {
        if (!host.isEmpty() && !host.equals("0.0.0.0") && !host.equals("::")) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** A host and port a client can connect to. */
    public record BrokerEndpoint(String host, int port) {}
}
