package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.SyncGroupRequestData;
import io.samsa.protocol.message.SyncGroupResponseData;
import java.util.concurrent.CompletionStage;

/** SyncGroup: followers park until the leader's assignment is stored; each gets its own bytes. */
public final class SyncGroupHandler implements RequestHandler<SyncGroupRequestData, SyncGroupResponseData> {
    private final GroupCoordinator coordinator;

    @Inject
    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SYNC_GROUP;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 5);
    }

    @Override
    public CompletionStage<SyncGroupResponseData> handle(RequestContext context, SyncGroupRequestData request) {
        return coordinator.syncGroup(GroupContexts.of(context), request);
    }

    @Override
    public SyncGroupResponseData errorResponse(
            RequestContext context, SyncGroupRequestData request, ErrorCode error, String message) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setProtocolType(null).setProtocolName(null)
                .setAssignment(new byte[0]);
    }
}
