package io.samsa.core.handler.transaction;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.coordinator.transaction.TransactionCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.AddPartitionsToTxnRequestData;
import io.samsa.protocol.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import io.samsa.protocol.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import io.samsa.protocol.message.AddPartitionsToTxnResponseData;
import io.samsa.protocol.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import io.samsa.protocol.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import io.samsa.protocol.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * AddPartitionsToTxn, in the clients' form (v0-3: one transaction) and the batched form brokers
 * use (v4+: several transactions, each optionally verify_only, KIP-890 part 1). When any
 * partition does not exist, those get UNKNOWN_TOPIC_OR_PARTITION and the others
 * OPERATION_NOT_ATTEMPTED, as in Kafka; otherwise the coordinator adds them all or none.
 */
public final class AddPartitionsToTxnHandler
        implements RequestHandler<AddPartitionsToTxnRequestData, AddPartitionsToTxnResponseData> {
    private final TransactionCoordinator coordinator;
    private final TopicManager topics;

    @Inject
    public AddPartitionsToTxnHandler(TransactionCoordinator coordinator, TopicManager topics) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 5);
    }

    @Override
    public CompletionStage<AddPartitionsToTxnResponseData> handle(RequestContext context,
            AddPartitionsToTxnRequestData request) {
        short version = context.apiVersion();
        if (version < 4) {
            return handle(request.v3AndBelowTransactionalId(), request.v3AndBelowProducerId(),
                    request.v3AndBelowProducerEpoch(), false, request.v3AndBelowTopics(), version)
                    .thenApply(errors -> new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(results(errors)));
        }
        List<CompletableFuture<AddPartitionsToTxnResult>> answers = new ArrayList<>();
        for (AddPartitionsToTxnTransaction transaction : request.transactions()) {
            answers.add(handle(transaction.transactionalId(), transaction.producerId(), transaction.producerEpoch(),
                    transaction.verifyOnly(), transaction.topics(), version).thenApply(errors -> new AddPartitionsToTxnResult()
                            .setTransactionalId(transaction.transactionalId()).setTopicResults(results(errors))));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<AddPartitionsToTxnResult> results = new ArrayList<>();
            answers.forEach(answer -> results.add(answer.join()));
            return new AddPartitionsToTxnResponseData().setErrorCode(ErrorCode.NONE.code()).setResultsByTransaction(results);
        });
    }

    private CompletableFuture<Map<TopicPartition, ErrorCode>> handle(String transactionalId, long producerId,
            short producerEpoch, boolean verifyOnly, List<AddPartitionsToTxnTopic> requested, short version) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        Set<TopicPartition> unknown = new LinkedHashSet<>();
        for (AddPartitionsToTxnTopic topic : requested) {
            Optional<Topic> existing = topics.registry().byName(topic.name());
            for (int partition : topic.partitions()) {
                TopicPartition named = new TopicPartition(topic.name(), partition);
                boolean exists = existing.isPresent() && partition >= 0 && partition < existing.get().partitions();
                (exists ? partitions : unknown).add(named);
            }
        }
        if (TransactionErrors.isInvalidId(transactionalId)) {
            return CompletableFuture.completedFuture(all(partitions, unknown, ErrorCode.INVALID_REQUEST));
        }
        if (!unknown.isEmpty()) {
            Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
            unknown.forEach(partition -> errors.put(partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
            partitions.forEach(partition -> errors.put(partition, ErrorCode.OPERATION_NOT_ATTEMPTED));
            return CompletableFuture.completedFuture(errors);
        }
        if (verifyOnly) {
            return coordinator.verifyPartitions(transactionalId, producerId, producerEpoch, partitions)
                    .thenApply(errors -> {
                        Map<TopicPartition, ErrorCode> answered = new LinkedHashMap<>();
                        // TRANSACTION_ABORTABLE exists from v5; v4 callers know it as INVALID_TXN_STATE.
                        errors.forEach((partition, error) -> answered.put(partition,
                                error == ErrorCode.TRANSACTION_ABORTABLE && version < 5 ? ErrorCode.INVALID_TXN_STATE
                                        : TransactionErrors.forVersion(error, version, 2)));
                        return answered;
                    });
        }
        return coordinator.addPartitions(transactionalId, producerId, producerEpoch, partitions)
                .thenApply(error -> all(partitions, Set.of(), TransactionErrors.forVersion(error, version, 2)));
    }

    private static Map<TopicPartition, ErrorCode> all(Set<TopicPartition> partitions, Set<TopicPartition> more,
            ErrorCode error) {
        Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
        partitions.forEach(partition -> errors.put(partition, error));
        more.forEach(partition -> errors.put(partition, error));
        return errors;
    }

    private static List<AddPartitionsToTxnTopicResult> results(Map<TopicPartition, ErrorCode> errors) {
        Map<String, AddPartitionsToTxnTopicResult> byTopic = new LinkedHashMap<>();
        errors.forEach((partition, error) -> byTopic
                .computeIfAbsent(partition.topic(), name -> new AddPartitionsToTxnTopicResult().setName(name))
                .resultsByPartition().add(new AddPartitionsToTxnPartitionResult()
                        .setPartitionIndex(partition.partition()).setPartitionErrorCode(error.code())));
        return new ArrayList<>(byTopic.values());
    }

    @Override
    public AddPartitionsToTxnResponseData errorResponse(RequestContext context, AddPartitionsToTxnRequestData request,
            ErrorCode error, String message) {
        if (context.apiVersion() >= 4) {
            return new AddPartitionsToTxnResponseData().setErrorCode(error.code());
        }
        Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
        for (AddPartitionsToTxnTopic topic : request.v3AndBelowTopics()) {
            topic.partitions().forEach(partition -> errors.put(new TopicPartition(topic.name(), partition), error));
        }
        return new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(results(errors));
    }
}
