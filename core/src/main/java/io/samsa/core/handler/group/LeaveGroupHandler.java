package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.LeaveGroupRequestData;
import io.samsa.protocol.message.LeaveGroupRequestData.MemberIdentity;
import io.samsa.protocol.message.LeaveGroupResponseData;
import io.samsa.protocol.message.LeaveGroupResponseData.MemberResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * LeaveGroup: one member (v0-2, its error at the top level) or a batch of members, each by member
 * id or by instance id alone (v3+, an error per member).
 */
public final class LeaveGroupHandler implements RequestHandler<LeaveGroupRequestData, LeaveGroupResponseData> {
    private final GroupCoordinator coordinator;

    @Inject
    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LEAVE_GROUP;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 5);
    }

    @Override
    public CompletionStage<LeaveGroupResponseData> handle(RequestContext context, LeaveGroupRequestData request) {
        boolean batched = context.apiVersion() >= 3;
        List<MemberIdentity> leaving = batched ? request.members()
                : List.of(new MemberIdentity().setMemberId(request.memberId()));
        return coordinator.leaveGroup(request.groupId(), leaving).thenApply(response -> {
            if (batched) {
                return response;
            }
            short error = response.errorCode();
            if (error == ErrorCode.NONE.code() && !response.members().isEmpty()) {
                error = response.members().getFirst().errorCode();
            }
            return new LeaveGroupResponseData().setErrorCode(error);
        });
    }

    @Override
    public LeaveGroupResponseData errorResponse(
            RequestContext context, LeaveGroupRequestData request, ErrorCode error, String message) {
        return new LeaveGroupResponseData().setErrorCode(error.code()).setMembers(new ArrayList<MemberResponse>());
    }
}
