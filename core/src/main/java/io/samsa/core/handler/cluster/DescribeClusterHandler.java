package io.samsa.core.handler.cluster;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.auth.AuthorizedOperations;
import io.samsa.core.cluster.LocalBroker;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.log.LogDirectories;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeClusterRequestData;
import io.samsa.protocol.message.DescribeClusterResponseData;
import io.samsa.protocol.message.DescribeClusterResponseData.DescribeClusterBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Admin's describeCluster: the brokers of this cluster as seen on the request's listener. */
public final class DescribeClusterHandler
        implements RequestHandler<DescribeClusterRequestData, DescribeClusterResponseData> {
    static final byte ENDPOINT_TYPE_BROKER = 1;
    static final byte ENDPOINT_TYPE_CONTROLLER = 2;

    private final LocalBroker localBroker;
    private final LogDirectories logDirectories;

    @Inject
    public DescribeClusterHandler(LocalBroker localBroker, LogDirectories logDirectories) {
        this.localBroker = requireNonNull(localBroker, "localBroker is null");
        this.logDirectories = requireNonNull(logDirectories, "logDirectories is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_CLUSTER;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 2);
    }

    @Override
    public CompletionStage<DescribeClusterResponseData> handle(RequestContext context, DescribeClusterRequestData request) {
        byte endpointType = request.endpointType();
        if (endpointType == ENDPOINT_TYPE_CONTROLLER) {
            return CompletableFuture.completedFuture(errorResponse(context, request, ErrorCode.MISMATCHED_ENDPOINT_TYPE,
                    "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER"));
        }
        if (endpointType != ENDPOINT_TYPE_BROKER) {
            return CompletableFuture.completedFuture(errorResponse(context, request, ErrorCode.UNSUPPORTED_ENDPOINT_TYPE,
                    "Unsupported endpoint type " + endpointType));
        }
        List<DescribeClusterBroker> brokers = new ArrayList<>();
        localBroker.endpoint(context.listenerName()).ifPresent(endpoint -> brokers.add(new DescribeClusterBroker()
                .setBrokerId(localBroker.nodeId())
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setRack(localBroker.rack().orElse(null))));
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setErrorCode(ErrorCode.NONE.code())
                .setEndpointType(endpointType)
                .setClusterId(logDirectories.clusterId())
                .setControllerId(localBroker.nodeId())
                .setBrokers(brokers);
        if (request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(AuthorizedOperations.allOnCluster());
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public DescribeClusterResponseData errorResponse(
            RequestContext context, DescribeClusterRequestData request, ErrorCode error, String message) {
        // Like Kafka: an error answer carries no cluster details (empty cluster id, controller -1).
        return new DescribeClusterResponseData()
                .setErrorCode(error.code())
                .setErrorMessage(message);
    }
}
