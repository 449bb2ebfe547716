package io.samsa.core.handler.producer;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.log.Log;
import io.samsa.core.log.ProducerSnapshot;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeProducersRequestData;
import io.samsa.protocol.message.DescribeProducersRequestData.TopicRequest;
import io.samsa.protocol.message.DescribeProducersResponseData;
import io.samsa.protocol.message.DescribeProducersResponseData.PartitionResponse;
import io.samsa.protocol.message.DescribeProducersResponseData.ProducerState;
import io.samsa.protocol.message.DescribeProducersResponseData.TopicResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The idempotent and transactional producers each partition has state for (what
 * {@code kafka-transactions.sh describe-producers} shows, e.g. to find a hanging transaction).
 * As in Kafka, an unknown topic is answered with UNKNOWN_TOPIC_OR_PARTITION and its message, an
 * unknown partition of a known topic with the code alone.
 */
public final class DescribeProducersHandler implements RequestHandler<DescribeProducersRequestData, DescribeProducersResponseData> {
    private static final String UNKNOWN_PARTITION_MESSAGE = "This server does not host this topic-partition.";

    private final TopicManager topics;

    @Inject
    public DescribeProducersHandler(TopicManager topics) {
        this.topics = requireNonNull(topics, "topics is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_PRODUCERS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 0);
    }

    @Override
    public CompletionStage<DescribeProducersResponseData> handle(RequestContext context, DescribeProducersRequestData request) {
        List<TopicResponse> answers = new ArrayList<>();
        for (TopicRequest topic : request.topics()) {
            Optional<Topic> found = topics.registry().byName(topic.name());
            List<PartitionResponse> partitions = new ArrayList<>();
            for (int index : topic.partitionIndexes()) {
                PartitionResponse answer = new PartitionResponse().setPartitionIndex(index);
                Optional<Log> log = found.flatMap(known -> topics.log(known, index));
                if (found.isEmpty()) {
                    answer.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code()).setErrorMessage(UNKNOWN_PARTITION_MESSAGE);
                } else if (log.isEmpty()) {
                    answer.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    answer.setErrorCode(ErrorCode.NONE.code()).setActiveProducers(producers(log.get()));
                }
                partitions.add(answer);
            }
            answers.add(new TopicResponse().setName(topic.name()).setPartitions(partitions));
        }
        return CompletableFuture.completedFuture(new DescribeProducersResponseData().setTopics(answers));
    }

    private static List<ProducerState> producers(Log log) {
        List<ProducerState> states = new ArrayList<>();
        for (ProducerSnapshot producer : log.activeProducers()) {
            states.add(new ProducerState()
                    .setProducerId(producer.producerId())
                    .setProducerEpoch(producer.producerEpoch())
                    .setLastSequence(producer.lastSequence())
                    .setLastTimestamp(producer.lastTimestamp())
                    .setCoordinatorEpoch(producer.coordinatorEpoch())
                    .setCurrentTxnStartOffset(producer.currentTxnStartOffset()));
        }
        return states;
    }

    @Override
    public DescribeProducersResponseData errorResponse(
            RequestContext context, DescribeProducersRequestData request, ErrorCode error, String message) {
        List<TopicResponse> answers = new ArrayList<>();
        for (TopicRequest topic : request.topics()) {
            List<PartitionResponse> partitions = new ArrayList<>();
            topic.partitionIndexes().forEach(index -> partitions.add(new PartitionResponse().setPartitionIndex(index)
                    .setErrorCode(error.code()).setErrorMessage(message)));
            answers.add(new TopicResponse().setName(topic.name()).setPartitions(partitions));
        }
        return new DescribeProducersResponseData().setTopics(answers);
    }
}
