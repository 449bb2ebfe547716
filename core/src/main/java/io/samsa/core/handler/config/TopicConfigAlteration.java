package io.samsa.core.handler.config;

import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** The part both alter APIs share: find the topic, then validate or make a change to its overrides. */
final class TopicConfigAlteration {
    private TopicConfigAlteration() {}

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
