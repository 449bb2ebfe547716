package io.samsa.core.config;

import static io.samsa.core.config.BrokerConfigDefinition.ADVERTISED_LISTENERS;
import static io.samsa.core.config.BrokerConfigDefinition.CONNECTIONS_MAX_IDLE_MS;
import static io.samsa.core.config.BrokerConfigDefinition.CONTROLLER_LISTENER_NAMES;
import static io.samsa.core.config.BrokerConfigDefinition.LISTENERS;
import static io.samsa.core.config.BrokerConfigDefinition.LISTENER_SECURITY_PROTOCOL_MAP;
import static io.samsa.core.config.BrokerConfigDefinition.NUM_NETWORK_THREADS;
import static io.samsa.core.config.BrokerConfigDefinition.SOCKET_RECEIVE_BUFFER_BYTES;
import static io.samsa.core.config.BrokerConfigDefinition.SOCKET_REQUEST_MAX_BYTES;
import static io.samsa.core.config.BrokerConfigDefinition.SOCKET_SEND_BUFFER_BYTES;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the network layer needs: where to listen, what to tell clients, and the per-connection
 * limits.
 *
 * @param listeners endpoints to bind, controller listeners already left out
 * @param advertised per listener name, the endpoint clients are told; absent means "the bound
 *     address" (resolved once the port is known)
 */
public record NetworkConfig(
        List<Endpoint> listeners,
        Map<String, Endpoint> advertised,
        int socketRequestMaxBytes,
        int socketSendBufferBytes,
        int socketReceiveBufferBytes,
        long connectionsMaxIdleMs,
        int networkThreads) {

    public NetworkConfig {
        listeners = List.copyOf(listeners);
        advertised = Map.copyOf(advertised);
    }

    public Optional<Endpoint> advertisedFor(String listenerName) {
        return Optional.ofNullable(advertised.get(listenerName));
    }

    static NetworkConfig from(ConfigValues values) {
        Map<String, String> protocols = protocolMap(values);
        Set<String> controllerListeners = new HashSet<>();
        values.getList(CONTROLLER_LISTENER_NAMES)
                .ifPresent(names -> names.forEach(name -> controllerListeners.add(name.toUpperCase(Locale.ROOT))));

        List<Endpoint> listeners = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String text : values.getList(LISTENERS).orElse(List.of())) {
            Endpoint endpoint = Endpoint.parse(LISTENERS, text);
            if (!names.add(endpoint.listenerName())) {
                throw new ConfigException("Invalid value for configuration 'listeners': listener name "
                        + endpoint.listenerName() + " appears more than once.");
            }
            if (controllerListeners.contains(endpoint.listenerName())) {
                continue;
            }
            String protocol = protocols.get(endpoint.listenerName());
            if (protocol == null) {
                throw new ConfigException("Listener " + endpoint.listenerName() + " in 'listeners' has no security "
                        + "protocol in 'listener.security.protocol.map'.");
            }
            if (!protocol.equals("PLAINTEXT")) {
                throw new ConfigException("Listener " + endpoint.listenerName() + " uses security protocol " + protocol
                        + ", which Samsa does not serve yet; valid choices: PLAINTEXT.");
            }
            listeners.add(endpoint);
        }
        if (listeners.isEmpty()) {
            throw new ConfigException("Configuration 'listeners' names no listener for clients "
                    + "(controller listeners are not served by Samsa).");
        }

        Map<String, Endpoint> advertised = new HashMap<>();
        for (String text : values.getList(ADVERTISED_LISTENERS).orElse(List.of())) {
            Endpoint endpoint = Endpoint.parse(ADVERTISED_LISTENERS, text);
            if (controllerListeners.contains(endpoint.listenerName())) {
                continue;
            }
            if (!names.contains(endpoint.listenerName())) {
                throw new ConfigException("Invalid value '" + text + "' for configuration 'advertised.listeners': "
                        + "listener " + endpoint.listenerName() + " is not in 'listeners'.");
            }
            if (endpoint.host().isEmpty() || endpoint.host().equals("0.0.0.0") || endpoint.host().equals("::")) {
                throw new ConfigException("Invalid value '" + text + "' for configuration 'advertised.listeners': "
                        + "clients cannot connect to an empty or wildcard host.");
            }
            advertised.put(endpoint.listenerName(), endpoint);
        }

        return new NetworkConfig(
                listeners,
                advertised,
                values.getInt(SOCKET_REQUEST_MAX_BYTES),
                values.getInt(SOCKET_SEND_BUFFER_BYTES),
                values.getInt(SOCKET_RECEIVE_BUFFER_BYTES),
                values.getLong(CONNECTIONS_MAX_IDLE_MS),
                values.getInt(NUM_NETWORK_THREADS));
    }

    private static Map<String, String> protocolMap(ConfigValues values) {
        Map<String, String> protocols = new HashMap<>();
        for (String entry : values.getList(LISTENER_SECURITY_PROTOCOL_MAP).orElse(List.of())) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ConfigException("Invalid value '" + entry + "' for configuration "
                        + "'listener.security.protocol.map': expected LISTENER_NAME:PROTOCOL.");
            }
            String protocol = entry.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
            if (!Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(protocol)) {
                throw new ConfigException("Invalid value '" + entry + "' for configuration "
                        + "'listener.security.protocol.map': valid protocols: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL.");
            }
            protocols.put(entry.substring(0, colon).trim().toUpperCase(Locale.ROOT), protocol);
        }
        return protocols;
    }
}
