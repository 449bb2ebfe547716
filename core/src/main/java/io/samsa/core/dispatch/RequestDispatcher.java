package io.samsa.core.dispatch;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiMessage;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.Readable;
import io.samsa.protocol.message.ApiVersionsResponseData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses a request body, hands it to the handler registered for its API, and turns any failure
 * into that API's error response. Versions nobody serves are refused here, in one place.
 */
public final class RequestDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final Map<ApiKey, RequestHandler<?, ?>> handlers;
    private final SupportedApis supportedApis;

    @Inject
    public RequestDispatcher(Map<ApiKey, RequestHandler<?, ?>> handlers, SupportedApis supportedApis) {
        this.handlers = Map.copyOf(requireNonNull(handlers, "handlers is null"));
        this.supportedApis = requireNonNull(supportedApis, "supportedApis is null");
    }

    public Dispatched dispatch(RequestContext context, Readable body) {
        ApiKey key = context.apiKey();
        short version = context.apiVersion();
        if (!supportedApis.supports(key, version)) {
            return Dispatched.now(unsupported(context));
        }
        ApiMessage request = key.newRequest();
        try {
            request.read(body, version);
        } catch (RuntimeException e) {
            return Dispatched.now(new DispatchOutcome.Close(
                    "unreadable " + key.displayName() + " v" + version + " request: " + e.getMessage()));
        }
        // Bytes after a complete body are ignored, as Kafka ignores them.
        return invoke(handler(key), context, request);
    }

    private Dispatched invoke(RequestHandler<ApiMessage, ApiMessage> handler, RequestContext context, ApiMessage request) {
        CompletionStage<ApiMessage> stage;
        boolean ordered = false;
        try {
            stage = handler.handle(context, request);
            ordered = handler.orderedOnReturn(request);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return new Dispatched(outcome(handler, context, request, stage), ordered);
    }

    private CompletionStage<DispatchOutcome> outcome(RequestHandler<ApiMessage, ApiMessage> handler, RequestContext context,
            ApiMessage request, CompletionStage<ApiMessage> stage) {
        short version = context.apiVersion();
        short headerVersion = context.apiKey().responseHeaderVersion(version);
        return stage.handle((response, failure) -> {
            if (failure == null) {
                return response == null
                        ? new DispatchOutcome.NoResponse()
                        : new DispatchOutcome.Respond(response, version, headerVersion, () -> release(handler, response));
            }
            if (ErrorMapping.unwrap(failure) instanceof CloseConnectionException close) {
                return new DispatchOutcome.Close(close.getMessage());
            }
            ErrorCode error = ErrorMapping.toErrorCode(failure);
            if (error == ErrorCode.UNKNOWN_SERVER_ERROR) {
                log.error("{} v{} from {} failed", context.apiKey().displayName(), version, context.clientId(),
                        ErrorMapping.unwrap(failure));
            }
            try {
                ApiMessage errorResponse = handler.errorResponse(context, request, error, ErrorMapping.toMessage(failure));
                return new DispatchOutcome.Respond(errorResponse, version, headerVersion);
            } catch (RuntimeException e) {
                log.error("Cannot build the error response of {}", context.apiKey().displayName(), e);
                return new DispatchOutcome.Close("no error response for " + context.apiKey().displayName());
            }
        });
    }

    /**
     * KIP-511: a client newer than this broker sends ApiVersions at a version the broker does not
     * know; it gets a v0 answer with UNSUPPORTED_VERSION and the ApiVersions range, then retries
     * at a version both know. Every other unserved version is a protocol violation: Kafka closes.
     */
    private DispatchOutcome unsupported(RequestContext context) {
        if (context.apiKey() == ApiKey.API_VERSIONS) {
            var data = new ApiVersionsResponseData().setErrorCode(ErrorCode.UNSUPPORTED_VERSION.code());
            supportedApis.advertisedVersions(ApiKey.API_VERSIONS).ifPresent(range -> data.setApiKeys(List.of(
                    new ApiVersionsResponseData.ApiVersion()
                            .setApiKey(ApiKey.API_VERSIONS.id())
                            .setMinVersion(range.min())
                            .setMaxVersion(range.max()))));
            return new DispatchOutcome.Respond(data, (short) 0, (short) 0);
        }
        return new DispatchOutcome.Close(context.apiKey().displayName() + " v" + context.apiVersion()
                + " is not served by this broker");
    }

    private static void release(RequestHandler<ApiMessage, ApiMessage> handler, ApiMessage response) {
        try {
            handler.release(response);
        } catch (RuntimeException e) {
            log.error("Cannot release the {} response", handler.apiKey().displayName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<ApiMessage, ApiMessage> handler(ApiKey key) {
        return (RequestHandler<ApiMessage, ApiMessage>) handlers.get(key);
    }
}
