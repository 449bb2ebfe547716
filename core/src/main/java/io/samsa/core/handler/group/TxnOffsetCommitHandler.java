package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.coordinator.group.OffsetToCommit;
import io.samsa.core.coordinator.group.OffsetsTopic;
import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.coordinator.group.TransactionalOffsetCommit;
import io.samsa.core.coordinator.transaction.TransactionVerifier;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.TxnOffsetCommitRequestData;
import io.samsa.protocol.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import io.samsa.protocol.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import io.samsa.protocol.message.TxnOffsetCommitResponseData;
import io.samsa.protocol.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import io.samsa.protocol.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * TxnOffsetCommit: a transactional producer commits a consumer group's offsets inside its
 * transaction (kafka-clients' {@code sendOffsetsToTransaction}). Partitions of unknown topics get
 * UNKNOWN_TOPIC_OR_PARTITION; the rest are written as a transactional batch of the producer to
 * the group's {@code __consumer_offsets} partition and stay pending until the transaction ends.
 * From v3 the consumer's generation, member id and instance id are checked when given. As in
 * Kafka (KIP-890 part 1), the transaction coordinator must confirm first that the offsets
 * partition is in the producer's transaction (AddOffsetsToTxn): offsets outside any transaction
 * would stay pending for ever.
 *
 * <p>v5 is served like v4. In Kafka v5 also adds the offsets partition to the transaction
 * (transactions V2, KIP-890 part 2); a client uses v5 only when the broker finalizes
 * {@code transaction.version} 2, which this broker does not, so clients send AddOffsetsToTxn and
 * v4 or below.
 */
public final class TxnOffsetCommitHandler
        implements RequestHandler<TxnOffsetCommitRequestData, TxnOffsetCommitResponseData> {
    private final GroupCoordinator coordinator;
    private final OffsetsTopic offsetsTopic;
    private final TransactionVerifier verifier;
    private final TopicManager topics;

    @Inject
    public TxnOffsetCommitHandler(GroupCoordinator coordinator, OffsetsTopic offsetsTopic, TransactionVerifier verifier,
            TopicManager topics) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.offsetsTopic = requireNonNull(offsetsTopic, "offsetsTopic is null");
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.TXN_OFFSET_COMMIT;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 5);
    }

    @Override
    public CompletionStage<TxnOffsetCommitResponseData> handle(RequestContext context, TxnOffsetCommitRequestData request) {
        Map<TopicPartition, OffsetToCommit> commits = new LinkedHashMap<>();
        List<Optional<Topic>> resolved = new ArrayList<>();
        for (TxnOffsetCommitRequestTopic topicData : request.topics()) {
            Optional<Topic> topic = topics.registry().byName(topicData.name());
            resolved.add(topic);
            if (topic.isEmpty()) {
                continue;
            }
            for (TxnOffsetCommitRequestPartition partition : topicData.partitions()) {
                if (partition.partitionIndex() >= 0 && partition.partitionIndex() < topic.get().partitions()) {
                    commits.put(new TopicPartition(topic.get().name(), partition.partitionIndex()), new OffsetToCommit(
                            partition.committedOffset(), partition.committedLeaderEpoch(), partition.committedMetadata()));
                }
            }
        }
        CompletableFuture<Map<TopicPartition, ErrorCode>> committed = commits.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : verify(request, context.apiVersion()).thenCompose(error -> error != ErrorCode.NONE
                        ? CompletableFuture.completedFuture(everyPartition(commits.keySet(), error))
                        : coordinator.commitTransactionalOffsets(new TransactionalOffsetCommit(request.groupId(),
                                request.producerId(), request.producerEpoch(), request.generationId(), request.memberId(),
                                request.groupInstanceId(), commits)));
        return committed.thenApply(errors -> {
            TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
            for (int i = 0; i < request.topics().size(); i++) {
                TxnOffsetCommitRequestTopic topicData = request.topics().get(i);
                Optional<Topic> topic = resolved.get(i);
                List<TxnOffsetCommitResponsePartition> partitions = new ArrayList<>();
                for (TxnOffsetCommitRequestPartition partition : topicData.partitions()) {
                    ErrorCode error = topic.isEmpty() ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                            : errors.getOrDefault(new TopicPartition(topic.get().name(), partition.partitionIndex()),
                                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                    partitions.add(new TxnOffsetCommitResponsePartition()
                            .setPartitionIndex(partition.partitionIndex())
                            .setErrorCode(error.code()));
                }
                response.topics().add(new TxnOffsetCommitResponseTopic().setName(topicData.name()).setPartitions(partitions));
            }
            return response;
        });
    }

    /**
     * Asks the transaction coordinator whether the group's offsets partition is in the producer's
     * transaction, and answers its refusal as Kafka's group coordinator does for this version.
     */
    private CompletableFuture<ErrorCode> verify(TxnOffsetCommitRequestData request, short version) {
        if (request.groupId() == null || request.groupId().isEmpty() || request.producerId() < 0) {
            return CompletableFuture.completedFuture(ErrorCode.NONE); // the group coordinator refuses these itself
        }
        TopicPartition offsets = new TopicPartition(OffsetsTopic.NAME, offsetsTopic.partitionFor(request.groupId()));
        return verifier.verify(request.transactionalId(), request.producerId(), request.producerEpoch(), offsets)
                .thenApply(error -> switch (error) {
                    case NONE -> ErrorCode.NONE;
                    case TRANSACTION_ABORTABLE, INVALID_TXN_STATE ->
                            version >= 4 ? ErrorCode.TRANSACTION_ABORTABLE : ErrorCode.INVALID_TXN_STATE;
                    // Retriable: the client asks again.
                    case CONCURRENT_TRANSACTIONS, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR ->
                            ErrorCode.COORDINATOR_NOT_AVAILABLE;
                    default -> error;
                });
    }

    private static Map<TopicPartition, ErrorCode> everyPartition(Set<TopicPartition> partitions, ErrorCode error) {
        Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
        partitions.forEach(partition -> errors.put(partition, error));
        return errors;
    }

    @Override
    public TxnOffsetCommitResponseData errorResponse(
            RequestContext context, TxnOffsetCommitRequestData request, ErrorCode error, String message) {
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        for (TxnOffsetCommitRequestTopic topicData : request.topics()) {
            List<TxnOffsetCommitResponsePartition> partitions = new ArrayList<>();
            topicData.partitions().forEach(partition -> partitions.add(new TxnOffsetCommitResponsePartition()
                    .setPartitionIndex(partition.partitionIndex()).setErrorCode(error.code())));
            response.topics().add(new TxnOffsetCommitResponseTopic().setName(topicData.name()).setPartitions(partitions));
        }
        return response;
    }
}
