package io.samsa.core.handler.produce;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.transaction.TransactionVerifier;
import io.samsa.core.dispatch.CloseConnectionException;
import io.samsa.core.dispatch.ErrorMapping;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.log.Log;
import io.samsa.core.log.ProduceValidator;
import io.samsa.core.log.Recompression;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ProduceRequestData;
import io.samsa.protocol.message.ProduceRequestData.PartitionProduceData;
import io.samsa.protocol.message.ProduceRequestData.TopicProduceData;
import io.samsa.protocol.message.ProduceResponseData;
import io.samsa.protocol.message.ProduceResponseData.PartitionProduceResponse;
import io.samsa.protocol.message.ProduceResponseData.TopicProduceResponse;
import io.samsa.protocol.record.RecordBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Appends each partition's batch to its log. With one broker the leader is the whole ISR, so
 * acks=1 and acks=all both answer once the append completed (durable as the topic's flush
 * settings say); acks=0 answers nothing and, like Kafka, reports a failure by closing the connection.
 */
public final class ProduceHandler implements RequestHandler<ProduceRequestData, ProduceResponseData> {
    private final TopicManager topics;
    private final Clock clock;
    private final ProduceValidator validator = new ProduceValidator();
    private final TransactionalAppends appends;

    @Inject
    public ProduceHandler(TopicManager topics, Clock clock, TransactionVerifier transactions) {
        this.topics = requireNonNull(topics, "topics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.appends = new TransactionalAppends(transactions);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(3, 13);
    }

    /** Kafka 4 keeps announcing v0-2 (which it no longer serves) because older librdkafka refuses a broker that does not. */
    @Override
    public VersionRange advertisedVersions() {
        return VersionRange.of(0, 13);
    }

    /**
     * A produce without a transactional id has queued its appends on every log when handle
     * returns, so the next produce on the connection may start: its appends land after these.
     * Transactional ones may first wait for the coordinator, and an acks=0 failure closes the
     * connection, which a later request must not outrun; those run one at a time as in Kafka.
     */
    @Override
    public boolean orderedOnReturn(ProduceRequestData request) {
        return request.transactionalId() == null && request.acks() != 0;
    }

    @Override
    public CompletionStage<ProduceResponseData> handle(RequestContext context, ProduceRequestData request) {
        short acks = request.acks();
        if (acks != 0 && acks != 1 && acks != -1) {
            return CompletableFuture.completedFuture(errorResponse(context, request, ErrorCode.INVALID_REQUIRED_ACKS,
                    "Invalid required acks " + acks));
        }
        if (request.transactionalId() == null && hasTransactionalRecords(request)) {
            // Kafka's check: transactional data needs the transactional id it is authorized for.
            return CompletableFuture.completedFuture(errorResponse(context, request, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                    "Transactional Id authorization failed."));
        }
        boolean byId = context.apiVersion() >= 13;
        List<TopicResult> results = new ArrayList<>();
        for (TopicProduceData topicData : request.topicData()) {
            Optional<Topic> topic = byId ? topics.registry().byId(topicData.topicId()) : topics.registry().byName(topicData.name());
            List<CompletableFuture<PartitionProduceResponse>> partitions = new ArrayList<>();
            for (PartitionProduceData partition : topicData.partitionData()) {
                partitions.add(produce(topic, partition, acks, byId, context.apiVersion(), request.transactionalId()));
            }
            results.add(new TopicResult(topicData, partitions));
        }
        List<CompletableFuture<?>> all = new ArrayList<>();
        results.forEach(result -> all.addAll(result.partitions()));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            ProduceResponseData response = new ProduceResponseData();
            for (TopicResult result : results) {
                List<PartitionProduceResponse> answers = result.partitions().stream().map(CompletableFuture::join).toList();
                if (acks == 0) {
                    answers.stream().filter(answer -> answer.errorCode() != ErrorCode.NONE.code()).findFirst()
                            .ifPresent(failed -> {
                                throw new CloseConnectionException("acks=0 produce to " + result.request().name()
                                        + " failed: " + failed.errorMessage());
                            });
                    continue;
                }
                response.responses().add(new TopicProduceResponse()
                        .setName(result.request().name())
                        .setTopicId(result.request().topicId())
                        .setPartitionResponses(new ArrayList<>(answers)));
            }
            return acks == 0 ? null : response;
        });
    }

    private static boolean hasTransactionalRecords(ProduceRequestData request) {
        for (TopicProduceData topic : request.topicData()) {
            for (PartitionProduceData partition : topic.partitionData()) {
                if (ProduceValidator.isTransactional(partition.records())) {
                    return true;
                }
            }
        }
        return false;
    }

    private CompletableFuture<PartitionProduceResponse> produce(
            Optional<Topic> topic, PartitionProduceData partition, short acks, boolean byId, short version,
            String transactionalId) {
        PartitionProduceResponse answer = new PartitionProduceResponse().setIndex(partition.index());
        Optional<Log> log = topic.flatMap(found -> topics.log(found, partition.index()));
        if (log.isEmpty()) {
            ErrorCode error = topic.isEmpty() && byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            return CompletableFuture.completedFuture(answer.setErrorCode(error.code())
                    .setErrorMessage("This server does not host this topic-partition."));
        }
        if (topic.get().isInternal()) {
            // Only the broker writes its internal topics (Kafka: "Cannot append to internal topic").
            return CompletableFuture.completedFuture(answer.setErrorCode(ErrorCode.INVALID_TOPIC_EXCEPTION.code())
                    .setErrorMessage(null).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1));
        }
        Log target = log.get();
        try {
            if (acks == -1 && target.config().minInsyncReplicas() > 1) {
                throw new ApiErrorException(ErrorCode.NOT_ENOUGH_REPLICAS, "The size of the current ISR 1 is insufficient"
                        + " to satisfy the min.isr requirement of " + target.config().minInsyncReplicas());
            }
            RecordBatch batch = Recompression.toTopicCodec(
                    validator.validate(partition.records(), target.config(), version, clock.millis()), target.config());
            return appends.append(target, batch, transactionalId, version).toCompletableFuture()
                    .thenApply(appended -> answer.setErrorCode(ErrorCode.NONE.code())
                            .setBaseOffset(appended.baseOffset())
                            .setLogAppendTimeMs(appended.logAppendTime())
                            .setLogStartOffset(appended.logStartOffset()))
                    .exceptionally(failure -> failed(answer, failure, target));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(answer, e, target));
        }
    }

    private static PartitionProduceResponse failed(PartitionProduceResponse answer, Throwable failure, Log log) {
        return answer.setErrorCode(ErrorMapping.toErrorCode(failure).code())
                .setErrorMessage(ErrorMapping.toMessage(failure))
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(log.logStartOffset());
    }

    @Override
    public ProduceResponseData errorResponse(RequestContext context, ProduceRequestData request, ErrorCode error, String message) {
        ProduceResponseData response = new ProduceResponseData();
        for (TopicProduceData topic : request.topicData()) {
            List<PartitionProduceResponse> partitions = new ArrayList<>();
            topic.partitionData().forEach(partition -> partitions.add(new PartitionProduceResponse()
                    .setIndex(partition.index()).setErrorCode(error.code()).setErrorMessage(message)
                    .setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1)));
            response.responses().add(new TopicProduceResponse().setName(topic.name()).setTopicId(topic.topicId())
                    .setPartitionResponses(partitions));
        }
        return response;
    }

    private record TopicResult(TopicProduceData request, List<CompletableFuture<PartitionProduceResponse>> partitions) {}
}
