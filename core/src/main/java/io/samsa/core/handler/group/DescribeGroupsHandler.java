package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.auth.AuthorizedOperations;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeGroupsRequestData;
import io.samsa.protocol.message.DescribeGroupsResponseData;
import io.samsa.protocol.message.DescribeGroupsResponseData.DescribedGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * DescribeGroups: state, protocol and members (with metadata and assignment once Stable). An
 * unknown group is "Dead": with GROUP_ID_NOT_FOUND from v6, without an error before, as Kafka.
 */
public final class DescribeGroupsHandler implements RequestHandler<DescribeGroupsRequestData, DescribeGroupsResponseData> {
    private final GroupCoordinator coordinator;

    @Inject
    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_GROUPS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 6);
    }

    @Override
    public CompletionStage<DescribeGroupsResponseData> handle(RequestContext context, DescribeGroupsRequestData request) {
        short version = context.apiVersion();
        return coordinator.describeGroups(request.groups()).thenApply(groups -> {
            for (DescribedGroup group : groups) {
                if (version < 6 && group.errorCode() == ErrorCode.GROUP_ID_NOT_FOUND.code()) {
                    group.setErrorCode(ErrorCode.NONE.code()).setErrorMessage(null);
                }
                group.setAuthorizedOperations(request.includeAuthorizedOperations()
                        ? AuthorizedOperations.allOnGroup() : AuthorizedOperations.NOT_REQUESTED);
            }
            return new DescribeGroupsResponseData().setGroups(groups);
        });
    }

    @Override
    public DescribeGroupsResponseData errorResponse(
            RequestContext context, DescribeGroupsRequestData request, ErrorCode error, String message) {
        List<DescribedGroup> groups = new ArrayList<>();
        request.groups().forEach(groupId -> groups.add(new DescribedGroup()
                .setGroupId(groupId)
                .setErrorCode(error.code())
                .setErrorMessage(context.apiVersion() >= 6 ? message : null)
                .setGroupState("")
                .setProtocolType("")
                .setProtocolData("")));
        return new DescribeGroupsResponseData().setGroups(groups);
    }
}
