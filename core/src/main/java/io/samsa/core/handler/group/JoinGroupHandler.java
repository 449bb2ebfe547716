package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupRequestData;
import io.samsa.protocol.message.JoinGroupResponseData;
import java.util.concurrent.CompletionStage;

/** JoinGroup: parks until the group's join phase completes (or answers at once, e.g. MEMBER_ID_REQUIRED). */
public final class JoinGroupHandler implements RequestHandler<JoinGroupRequestData, JoinGroupResponseData> {
    private final GroupCoordinator coordinator;

    @Inject
    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.JOIN_GROUP;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 9);
    }

    @Override
    public CompletionStage<JoinGroupResponseData> handle(RequestContext context, JoinGroupRequestData request) {
        return coordinator.joinGroup(GroupContexts.of(context), request)
                .thenApply(response -> forVersion(response, context.apiVersion()));
    }

    /** Before v7 the protocol name cannot be null: Kafka sends "" instead. */
    private static JoinGroupResponseData forVersion(JoinGroupResponseData response, short version) {
        if (version < 7 && response.protocolName() == null) {
            response.setProtocolName("");
        }
        return response;
    }

    @Override
    public JoinGroupResponseData errorResponse(
            RequestContext context, JoinGroupRequestData request, ErrorCode error, String message) {
        return forVersion(new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setGenerationId(-1)
                .setProtocolName(null)
                .setLeader("")
                .setMemberId(request.memberId()), context.apiVersion());
    }
}
