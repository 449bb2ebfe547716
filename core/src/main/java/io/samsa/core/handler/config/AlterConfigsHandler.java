package io.samsa.core.handler.config;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.ServerConfig;
import io.samsa.core.dispatch.ErrorMapping;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.AlterConfigsRequestData;
import io.samsa.protocol.message.AlterConfigsRequestData.AlterConfigsResource;
import io.samsa.protocol.message.AlterConfigsRequestData.AlterableConfig;
import io.samsa.protocol.message.AlterConfigsResponseData;
import io.samsa.protocol.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The legacy alter API: the request's keys replace a topic's whole set of overrides (keys it
 * leaves out go back to the broker default). Broker keys cannot be changed while the broker runs.
 */
public final class AlterConfigsHandler implements RequestHandler<AlterConfigsRequestData, AlterConfigsResponseData> {
    private final TopicManager topics;
    private final int nodeId;

    @Inject
    public AlterConfigsHandler(TopicManager topics, ServerConfig server) {
        this.topics = requireNonNull(topics, "topics is null");
        this.nodeId = server.nodeId();
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ALTER_CONFIGS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 2);
    }

    @Override
    public CompletionStage<AlterConfigsResponseData> handle(RequestContext context, AlterConfigsRequestData request) {
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : request.resources()) {
            AlterConfigsResourceResponse response = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            results.add(alter(resource, request.validateOnly())
                    .thenApply(ignored -> response.setErrorCode(ErrorCode.NONE.code()).setErrorMessage(null))
                    .exceptionally(failure -> response.setErrorCode(ErrorMapping.toErrorCode(failure).code())
                            .setErrorMessage(ErrorMapping.toMessage(failure))));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored ->
                new AlterConfigsResponseData().setResponses(new ArrayList<>(results.stream().map(CompletableFuture::join).toList())));
    }

    private CompletableFuture<Void> alter(AlterConfigsResource resource, boolean validateOnly) {
        List<String> names = resource.configs().stream().map(AlterableConfig::name).toList();
        return TopicConfigAlteration.alterResource(resource.resourceType(), resource.resourceName(), names, nodeId, () -> {
            Map<String, String> replacement = new HashMap<>();
            for (AlterableConfig config : resource.configs()) {
                if (config.value() == null) {
                    throw new ApiErrorException(ErrorCode.INVALID_REQUEST, "Null value not supported for : " + config.name());
                }
                replacement.put(config.name(), config.value());
            }
            return TopicConfigAlteration.alter(topics, resource.resourceName(), current -> replacement, validateOnly);
        });
    }

    @Override
    public AlterConfigsResponseData errorResponse(
            RequestContext context, AlterConfigsRequestData request, ErrorCode error, String message) {
        List<AlterConfigsResourceResponse> responses = new ArrayList<>();
        request.resources().forEach(resource -> responses.add(new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType()).setResourceName(resource.resourceName())
                .setErrorCode(error.code()).setErrorMessage(message)));
        return new AlterConfigsResponseData().setResponses(responses);
    }
}
