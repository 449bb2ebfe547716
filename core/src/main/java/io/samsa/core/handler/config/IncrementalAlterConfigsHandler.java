package io.samsa.core.handler.config;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.ConfigType;
import io.samsa.core.config.LogConfig;
import io.samsa.core.config.ServerConfig;
import io.samsa.core.config.TopicConfig;
import io.samsa.core.dispatch.ErrorMapping;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.IncrementalAlterConfigsRequestData;
import io.samsa.protocol.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import io.samsa.protocol.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import io.samsa.protocol.message.IncrementalAlterConfigsResponseData;
import io.samsa.protocol.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Changes single topic configuration keys: SET, DELETE (back to the broker default), and APPEND
 * or SUBTRACT items of a list-typed key (cleanup.policy). Broker keys cannot be changed while the
 * broker runs (Samsa has no dynamic broker configuration); such requests get Kafka's answer for a
 * static key.
 */
public final class IncrementalAlterConfigsHandler
        implements RequestHandler<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData> {
    static final byte SET = 0;
    static final byte DELETE = 1;
    static final byte APPEND = 2;
    static final byte SUBTRACT = 3;

    private final TopicManager topics;
    private final LogConfig defaults;
    private final int nodeId;

    @Inject
    public IncrementalAlterConfigsHandler(TopicManager topics, LogConfig defaults, ServerConfig server) {
        this.topics = requireNonNull(topics, "topics is null");
        this.defaults = requireNonNull(defaults, "defaults is null");
        this.nodeId = server.nodeId();
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 1);
    }

    @Override
    public CompletionStage<IncrementalAlterConfigsResponseData> handle(
            RequestContext context, IncrementalAlterConfigsRequestData request) {
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : request.resources()) {
            AlterConfigsResourceResponse response = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            results.add(alter(resource, request.validateOnly())
                    .thenApply(ignored -> response.setErrorCode(ErrorCode.NONE.code()).setErrorMessage(null))
                    .exceptionally(failure -> failed(response, failure)));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored ->
                new IncrementalAlterConfigsResponseData().setResponses(
                        new ArrayList<>(results.stream().map(CompletableFuture::join).toList())));
    }

    private CompletableFuture<Void> alter(AlterConfigsResource resource, boolean validateOnly) {
        List<String> names = resource.configs().stream().map(AlterableConfig::name).toList();
        return TopicConfigAlteration.alterResource(resource.resourceType(), resource.resourceName(), names, nodeId, () -> {
            for (AlterableConfig config : resource.configs()) {
                checkOperation(config);
            }
            return TopicConfigAlteration.alter(topics, resource.resourceName(),
                    current -> apply(current, resource.configs()), validateOnly);
        });
    }

    /** What Kafka checks before it looks at the topic: a known operation, and a value where one is needed. */
    private static void checkOperation(AlterableConfig config) {
        byte operation = config.configOperation();
        if (operation < SET || operation > SUBTRACT) {
            // Kafka fails an unknown operation id with an unexpected server error and no message.
            throw new ApiErrorException(ErrorCode.UNKNOWN_SERVER_ERROR, null);
        }
        if (operation != DELETE && config.value() == null) {
            throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "Null value not supported for : " + config.name());
        }
        if ((operation == APPEND || operation == SUBTRACT)
                && TopicConfig.type(config.name()).filter(type -> type == ConfigType.LIST).isEmpty()) {
            throw new ApiErrorException(ErrorCode.INVALID_CONFIG, "Can't " + (operation == APPEND ? "APPEND" : "SUBTRACT")
                    + " to key " + config.name() + " because its type is not LIST.");
        }
    }

    /** The overrides after the operations, in request order; APPEND and SUBTRACT start from the effective value. */
    private Map<String, String> apply(Map<String, String> current, List<AlterableConfig> configs) {
        Map<String, String> next = new HashMap<>(current);
        for (AlterableConfig config : configs) {
            String name = config.name();
            switch (config.configOperation()) {
                case SET -> next.put(name, config.value());
                case DELETE -> next.remove(name);
                case APPEND, SUBTRACT -> {
                    List<String> items = new ArrayList<>(items(next.containsKey(name)
                            ? next.get(name) : TopicConfig.defaultValue(name, defaults)));
                    for (String item : items(config.value())) {
                        if (config.configOperation() == APPEND && !items.contains(item)) {
                            items.add(item);
                        } else if (config.configOperation() == SUBTRACT) {
                            items.remove(item);
                        }
                    }
                    next.put(name, String.join(",", items));
                }
                default -> throw new IllegalStateException("unchecked operation " + config.configOperation());
            }
        }
        return next;
    }

    private static List<String> items(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    private static AlterConfigsResourceResponse failed(AlterConfigsResourceResponse response, Throwable failure) {
        Throwable cause = ErrorMapping.unwrap(failure);
        ErrorCode error = ErrorMapping.toErrorCode(cause);
        String message = cause instanceof ApiErrorException ? cause.getMessage() : ErrorMapping.toMessage(cause);
        return response.setErrorCode(error.code()).setErrorMessage(message);
    }

    @Override
    public IncrementalAlterConfigsResponseData errorResponse(
            RequestContext context, IncrementalAlterConfigsRequestData request, ErrorCode error, String message) {
        List<AlterConfigsResourceResponse> responses = new ArrayList<>();
        request.resources().forEach(resource -> responses.add(new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType()).setResourceName(resource.resourceName())
                .setErrorCode(error.code()).setErrorMessage(message)));
        return new IncrementalAlterConfigsResponseData().setResponses(responses);
    }
}
