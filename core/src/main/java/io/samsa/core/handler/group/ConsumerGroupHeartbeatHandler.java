package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.samsa.protocol.message.ConsumerGroupHeartbeatResponseData;
import java.util.concurrent.CompletionStage;

/**
 * ConsumerGroupHeartbeat (KIP-848, {@code group.protocol=consumer}): joins, heartbeats, leaves
 * and carries the member's assignment; versions 0-1 as Kafka 4.x brokers serve them.
 */
public final class ConsumerGroupHeartbeatHandler
        implements RequestHandler<ConsumerGroupHeartbeatRequestData, ConsumerGroupHeartbeatResponseData> {
    private final GroupCoordinator coordinator;

    @Inject
    public ConsumerGroupHeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CONSUMER_GROUP_HEARTBEAT;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 1);
    }

    @Override
    public CompletionStage<ConsumerGroupHeartbeatResponseData> handle(RequestContext context,
            ConsumerGroupHeartbeatRequestData request) {
        return coordinator.consumerGroupHeartbeat(GroupContexts.of(context), request);
    }

    @Override
    public ConsumerGroupHeartbeatResponseData errorResponse(
            RequestContext context, ConsumerGroupHeartbeatRequestData request, ErrorCode error, String message) {
        return new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code()).setErrorMessage(message);
    }
}
