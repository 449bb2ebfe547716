package io.samsa.core.handler.cluster;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.SupportedApis;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ApiVersionsRequestData;
import io.samsa.protocol.message.ApiVersionsResponseData;
import io.samsa.protocol.message.ApiVersionsResponseData.ApiVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Tells a client which APIs and versions this broker serves. No features are advertised
 * (supported or finalized) because none of Kafka's feature-gated behaviours is built yet.
 */
public final class ApiVersionsHandler implements RequestHandler<ApiVersionsRequestData, ApiVersionsResponseData> {
    /** The client software name/version rule Kafka enforces from v3 (KIP-511). */
    private static final Pattern SOFTWARE_NAME_OR_VERSION = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");

    private final Provider<SupportedApis> supportedApis;

    @Inject
    public ApiVersionsHandler(Provider<SupportedApis> supportedApis) {
        this.supportedApis = supportedApis;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 4);
    }

    @Override
    public CompletionStage<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        if (context.apiVersion() >= 3 && !(valid(request.clientSoftwareName()) && valid(request.clientSoftwareVersion()))) {
            return CompletableFuture.completedFuture(
                    new ApiVersionsResponseData().setErrorCode(ErrorCode.INVALID_REQUEST.code()));
        }
        List<ApiVersion> apis = new ArrayList<>();
        supportedApis.get().advertised().forEach((key, range) -> apis.add(new ApiVersion()
                .setApiKey(key.id())
                .setMinVersion(range.min())
                .setMaxVersion(range.max())));
        return CompletableFuture.completedFuture(new ApiVersionsResponseData()
                .setErrorCode(ErrorCode.NONE.code())
                .setApiKeys(apis));
    }

    @Override
    public ApiVersionsResponseData errorResponse(
            RequestContext context, ApiVersionsRequestData request, ErrorCode error, String message) {
        return new ApiVersionsResponseData().setErrorCode(error.code());
    }

    private static boolean valid(String nameOrVersion) {
        return nameOrVersion != null && SOFTWARE_NAME_OR_VERSION.matcher(nameOrVersion).matches();
    }
}
