package io.samsa.core.handler.transaction;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.core.coordinator.transaction.TransactionCoordinator;
import io.samsa.core.coordinator.transaction.TransactionMetadata;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeTransactionsRequestData;
import io.samsa.protocol.message.DescribeTransactionsResponseData;
import io.samsa.protocol.message.DescribeTransactionsResponseData.TopicData;
import io.samsa.protocol.message.DescribeTransactionsResponseData.TransactionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/** DescribeTransactions: each id's state, producer, timeout and partitions; TRANSACTIONAL_ID_NOT_FOUND for unknown ids. */
public final class DescribeTransactionsHandler
        implements RequestHandler<DescribeTransactionsRequestData, DescribeTransactionsResponseData> {
    private final TransactionCoordinator coordinator;

    @Inject
    public DescribeTransactionsHandler(TransactionCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_TRANSACTIONS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 0);
    }

    @Override
    public CompletionStage<DescribeTransactionsResponseData> handle(RequestContext context,
            DescribeTransactionsRequestData request) {
        return coordinator.describe(request.transactionalIds()).thenApply(found -> {
            List<TransactionState> states = new ArrayList<>();
            for (String id : request.transactionalIds()) {
                TransactionMetadata metadata = found.get(id);
                states.add(metadata == null ? failed(id, ErrorCode.TRANSACTIONAL_ID_NOT_FOUND) : described(metadata));
            }
            return new DescribeTransactionsResponseData().setTransactionStates(states);
        });
    }

    private static TransactionState described(TransactionMetadata metadata) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition partition : metadata.partitions()) {
            byTopic.computeIfAbsent(partition.topic(), topic -> new ArrayList<>()).add(partition.partition());
        }
        List<TopicData> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new TopicData().setTopic(topic)
                .setPartitions(partitions.stream().sorted().toList())));
        return new TransactionState()
                .setErrorCode(ErrorCode.NONE.code())
                .setTransactionalId(metadata.transactionalId())
                .setTransactionState(metadata.state().displayName())
                .setTransactionTimeoutMs(metadata.timeoutMs())
                .setTransactionStartTimeMs(metadata.txnStartTimestamp())
                .setProducerId(metadata.producerId())
                .setProducerEpoch(metadata.producerEpoch())
                .setTopics(topics);
    }

    private static TransactionState failed(String transactionalId, ErrorCode error) {
        return new TransactionState().setErrorCode(error.code()).setTransactionalId(transactionalId)
                .setTransactionState("").setTransactionTimeoutMs(0).setTransactionStartTimeMs(-1)
                .setProducerId(-1).setProducerEpoch((short) -1);
    }

    @Override
    public DescribeTransactionsResponseData errorResponse(RequestContext context, DescribeTransactionsRequestData request,
            ErrorCode error, String message) {
        List<TransactionState> states = new ArrayList<>();
        request.transactionalIds().forEach(id -> states.add(failed(id, error)));
        return new DescribeTransactionsResponseData().setTransactionStates(states);
    }
}
