package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DeleteGroupsRequestData;
import io.samsa.protocol.message.DeleteGroupsResponseData;
import io.samsa.protocol.message.DeleteGroupsResponseData.DeletableGroupResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** DeleteGroups: empty groups go with their offsets; NON_EMPTY_GROUP while members remain. */
public final class DeleteGroupsHandler implements RequestHandler<DeleteGroupsRequestData, DeleteGroupsResponseData> {
    private final GroupCoordinator coordinator;

    @Inject
    public DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_GROUPS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 2);
    }

    @Override
    public CompletionStage<DeleteGroupsResponseData> handle(RequestContext context, DeleteGroupsRequestData request) {
        return coordinator.deleteGroups(request.groupsNames())
                .thenApply(results -> new DeleteGroupsResponseData().setResults(new ArrayList<>(results)));
    }

    @Override
    public DeleteGroupsResponseData errorResponse(
            RequestContext context, DeleteGroupsRequestData request, ErrorCode error, String message) {
        List<DeletableGroupResult> results = new ArrayList<>();
        request.groupsNames().forEach(groupId -> results.add(new DeletableGroupResult().setGroupId(groupId)
                .setErrorCode(error.code())));
        return new DeleteGroupsResponseData().setResults(results);
    }
}
