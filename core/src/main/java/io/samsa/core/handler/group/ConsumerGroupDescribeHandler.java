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
import io.samsa.protocol.message.ConsumerGroupDescribeRequestData;
import io.samsa.protocol.message.ConsumerGroupDescribeResponseData;
import io.samsa.protocol.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * ConsumerGroupDescribe (KIP-848): epochs, assignor, and each member's subscription, current
 * and target assignment. A classic or unknown group gets GROUP_ID_NOT_FOUND, as in Kafka.
 */
public final class ConsumerGroupDescribeHandler
        implements RequestHandler<ConsumerGroupDescribeRequestData, ConsumerGroupDescribeResponseData> {
    private final GroupCoordinator coordinator;

    @Inject
    public ConsumerGroupDescribeHandler(GroupCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CONSUMER_GROUP_DESCRIBE;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 1);
    }

    @Override
    public CompletionStage<ConsumerGroupDescribeResponseData> handle(RequestContext context,
            ConsumerGroupDescribeRequestData request) {
        return coordinator.consumerGroupDescribe(request.groupIds()).thenApply(groups -> {
            groups.forEach(group -> group.setAuthorizedOperations(request.includeAuthorizedOperations()
                    ? AuthorizedOperations.allOnGroup() : AuthorizedOperations.NOT_REQUESTED));
            return new ConsumerGroupDescribeResponseData().setGroups(new ArrayList<>(groups));
        });
    }

    @Override
    public ConsumerGroupDescribeResponseData errorResponse(
            RequestContext context, ConsumerGroupDescribeRequestData request, ErrorCode error, String message) {
        List<DescribedGroup> groups = new ArrayList<>();
        request.groupIds().forEach(groupId -> groups.add(new DescribedGroup()
                .setGroupId(groupId)
                .setErrorCode(error.code())
                .setErrorMessage(message)));
        return new ConsumerGroupDescribeResponseData().setGroups(groups);
    }
}
