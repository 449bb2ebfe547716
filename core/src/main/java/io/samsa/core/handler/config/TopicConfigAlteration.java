package io.samsa.core.handler.config;

import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The part both alter APIs share: the checks on a resource and what each resource type gets, and
 * for a topic: find it, then validate or make a change to its overrides.
 */
final class TopicConfigAlteration {
    private TopicConfigAlteration() {}

    /**
     * Alters one resource of an alter request, naming {@code keys}: a key named twice is refused,
     * a TOPIC is altered by {@code alterTopic} (which checks the request's own rules first), and a
     * BROKER must be this broker and name no keys, since no broker key can change while the broker
     * runs. Every refusal completes the result exceptionally, with Kafka's error.
     */
    static CompletableFuture<Void> alterResource(byte resourceType, String resourceName, List<String> keys, int nodeId,
            Supplier<CompletableFuture<Void>> alterTopic) {
        try {
            checkNoDuplicates(keys);
            switch (resourceType) {
                case ConfigResources.TOPIC -> {
                    return alterTopic.get();
                }
                case ConfigResources.BROKER -> {
                    ConfigResources.alteredBroker(resourceName, nodeId);
                    if (!keys.isEmpty()) {
                        throw ConfigResources.staticBrokerConfigs(keys);
                    }
                    return CompletableFuture.completedFuture(null);
                }
                default -> throw ConfigResources.unsupportedResourceType(resourceType);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Applies {@code change} to the topic's overrides (or, with {@code validateOnly}, only checks
     * the result). Completes exceptionally with an ApiErrorException for Kafka's error.
     */
    static CompletableFuture<Void> alter(TopicManager topics, String name, UnaryOperator<Map<String, String>> change,
            boolean validateOnly) {
        try {
            Topic topic = topics.registry().byName(name).orElseThrow(() -> new ApiErrorException(
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + name + "' does not exist."));
            if (validateOnly) {
                topics.validateConfigs(change.apply(topic.configs()));
                return CompletableFuture.completedFuture(null);
            }
            return topics.alterConfigs(topic, change).toCompletableFuture().thenApply(altered -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Kafka refuses a resource that names one key twice. */
    static void checkNoDuplicates(Collection<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "Error due to duplicate config keys");
            }
        }
    }
}
