package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ListGroupsRequestData;
import io.samsa.protocol.message.ListGroupsResponseData;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** ListGroups: every group, filtered by state (v4+) and type (v5+; all are "classic" today). */
public final class ListGroupsHandler implements RequestHandler<ListGroupsRequestData, ListGroupsResponseData> {
    private final GroupCoordinator coordinator;

    @Inject
    public ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_GROUPS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 5);
    }

    @Override
    public CompletionStage<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        Set<String> states = context.apiVersion() >= 4 ? Set.copyOf(request.statesFilter()) : Set.of();
        Set<String> types = context.apiVersion() >= 5 ? Set.copyOf(request.typesFilter()) : Set.of();
        return coordinator.listGroups(states, types)
                .thenApply(groups -> new ListGroupsResponseData().setErrorCode(ErrorCode.NONE.code()).setGroups(groups));
    }

    @Override
    public ListGroupsResponseData errorResponse(
            RequestContext context, ListGroupsRequestData request, ErrorCode error, String message) {
        return new ListGroupsResponseData().setErrorCode(error.code());
    }
}
