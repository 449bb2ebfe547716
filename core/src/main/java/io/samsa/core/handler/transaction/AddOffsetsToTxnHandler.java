package io.samsa.core.handler.transaction;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.GroupConfig;
import io.samsa.core.coordinator.group.OffsetsTopic;
import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.coordinator.transaction.TransactionCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.AddOffsetsToTxnRequestData;
import io.samsa.protocol.message.AddOffsetsToTxnResponseData;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * AddOffsetsToTxn: the group's {@code __consumer_offsets} partition joins the transaction, so
 * that its transactional offset commits are decided by the transaction's marker there.
 */
public final class AddOffsetsToTxnHandler implements RequestHandler<AddOffsetsToTxnRequestData, AddOffsetsToTxnResponseData> {
    private final TransactionCoordinator coordinator;
    private final TopicManager topics;
    private final GroupConfig groups;

    @Inject
    public AddOffsetsToTxnHandler(TransactionCoordinator coordinator, TopicManager topics, GroupConfig groups) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.topics = requireNonNull(topics, "topics is null");
        this.groups = requireNonNull(groups, "groups is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 4);
    }

    @Override
    public CompletionStage<AddOffsetsToTxnResponseData> handle(RequestContext context, AddOffsetsToTxnRequestData request) {
        if (TransactionErrors.isInvalidId(request.transactionalId())) {
            return CompletableFuture.completedFuture(errorResponse(context, request, ErrorCode.INVALID_REQUEST, ""));
        }
        int partitions = topics.registry().byName(OffsetsTopic.NAME).map(Topic::partitions)
                .orElse(groups.offsetsTopicPartitions());
        TopicPartition offsets = new TopicPartition(OffsetsTopic.NAME, OffsetsTopic.partitionFor(request.groupId(), partitions));
        return coordinator.addPartitions(request.transactionalId(), request.producerId(), request.producerEpoch(),
                Set.of(offsets)).thenApply(error -> new AddOffsetsToTxnResponseData()
                        .setErrorCode(TransactionErrors.forVersion(error, context.apiVersion(), 2).code()));
    }

    @Override
    public AddOffsetsToTxnResponseData errorResponse(RequestContext context, AddOffsetsToTxnRequestData request,
            ErrorCode error, String message) {
        return new AddOffsetsToTxnResponseData().setErrorCode(error.code());
    }
}
