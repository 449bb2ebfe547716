package io.samsa.core.coordinator.group;

/**
 * What the coordinator needs to know of a request beyond its body.
 *
 * @param clientId the request header's client id ("" when null)
 * @param clientHost the client's address as Kafka reports it ("/127.0.0.1")
 * @param apiVersion the request's version, where behaviour depends on it
 */
public record GroupRequestContext(String clientId, String clientHost, short apiVersion) {
    public GroupRequestContext {
        clientId = clientId == null ? "" : clientId;
        clientHost = clientHost == null ? "" : clientHost;
    }
}
