package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.HeartbeatRequestData;
import io.samsa.protocol.message.HeartbeatResponseData;
import java.util.concurrent.CompletionStage;

/** Heartbeat: keeps a member's session; REBALANCE_IN_PROGRESS tells it to rejoin. */
public final class HeartbeatHandler implements RequestHandler<HeartbeatRequestData, HeartbeatResponseData> {
    private final GroupCoordinator coordinator;

    @Inject
    public HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.HEARTBEAT;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 4);
    }

    @Override
    public CompletionStage<HeartbeatResponseData> handle(RequestContext context, HeartbeatRequestData request) {
        return coordinator.heartbeat(request);
    }

    @Override
    public HeartbeatResponseData errorResponse(
            RequestContext context, HeartbeatRequestData request, ErrorCode error, String message) {
        return new HeartbeatResponseData().setErrorCode(error.code());
    }
}
