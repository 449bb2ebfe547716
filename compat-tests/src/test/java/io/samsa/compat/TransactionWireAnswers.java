package io.samsa.compat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * The part of {@link TransactionAnswers} that clients hide: raw requests and the fields and error
 * codes of their answers, per version.
 */
final class TransactionWireAnswers {
    private final String bootstrap;
    private final String run;
    private final Map<String, String> answers;
    private int correlationId;

    TransactionWireAnswers(String bootstrap, String run, Map<String, String> answers) {
        this.bootstrap = bootstrap;
        this.run = run;
        this.answers = answers;
    }

    private void put(String key, Object value) {
        answers.put(key, String.valueOf(value));
    }

    /**
     * What Fetch returns around the transactions of {@code partition}: stable offsets, the aborted
     * transactions of the range, and the batches (data or control) with the offsets they hold.
     */
    void fetch(String topic, int partition, long transactionProducerId) throws IOException {
        for (short version : new short[] {4, 12}) {
            for (byte isolation = 0; isolation <= 1; isolation++) {
                for (long from : new long[] {0, 5, 7}) {
                    FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0)
                            .setMaxBytes(1 << 20).setIsolationLevel(isolation).setSessionId(0).setSessionEpoch(-1);
                    request.topics().add(new FetchRequestData.FetchTopic().setTopic(topic).setPartitions(List.of(
                            new FetchRequestData.FetchPartition().setPartition(partition).setFetchOffset(from)
                                    .setPartitionMaxBytes(1 << 20).setCurrentLeaderEpoch(-1).setLogStartOffset(-1))));
                    var response = new FetchResponseData(new ByteBufferAccessor(exchange(ApiKeys.FETCH, version, request)), version);
                    var data = response.responses().getFirst().partitions().getFirst();
                    List<String> aborted = data.abortedTransactions() == null ? null : data.abortedTransactions().stream()
                            .map(a -> (a.producerId() == transactionProducerId ? "txnProducer" : "other") + "@" + a.firstOffset())
                            .toList();
                    List<String> batches = new ArrayList<>();
                    for (RecordBatch batch : ((MemoryRecords) data.records()).batches()) {
                        batches.add(batch.baseOffset() + "-" + batch.lastOffset() + (batch.isControlBatch() ? " control" : "")
                                + (batch.isTransactional() ? " txn" : ""));
                    }
                    put("e.fetch.v" + version + ".isolation" + isolation + ".from" + from, Errors.forCode(data.errorCode())
                            + " hw=" + data.highWatermark() + " lso=" + data.lastStableOffset() + " logStart=" + data.logStartOffset()
                            + " aborted=" + aborted + " batches=" + batches);
                }
            }
        }
    }

    /**
     * A transactional Produce to a partition the transaction does not hold (KIP-890 part 1), per
     * Produce version; and InitProducerId while a transaction is open.
     */
    void verification() throws IOException {
        String topic = "cmp-f-" + run;
        try (Admin admin = Clients.admin(bootstrap)) {
            Clients.createTopic(admin, topic, 2);
            // Kafka answers NOT_LEADER_OR_FOLLOWER to Produce until the new partitions' leader is known
            // (a client retries): wait as a client would, so the answers below do not depend on that.
            admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest(), new TopicPartition(topic, 1),
                    OffsetSpec.latest())).all().get();
        } catch (Exception e) {
            throw new IOException(e);
        }
        for (short version : new short[] {3, 8, 9, 10, 11, 12}) {
            String id = "cmp-f-" + version + "-" + run;
            init(id);
            InitProducerIdResponseData producer = init(id); // epoch 1, so that an older one exists
            addPartitions((short) 3, id, producer.producerId(), producer.producerEpoch(), topics(topic, 0));
            put("f.produce.notAdded.v" + version, produce(version, topic, 1, id, producer.producerId(), producer.producerEpoch(), 0));
            put("f.produce.added.v" + version, produce(version, topic, 0, id, producer.producerId(), producer.producerEpoch(), 0));
            put("f.produce.oldEpoch.v" + version, produce(version, topic, 0, id, producer.producerId(),
                    (short) (producer.producerEpoch() - 1), 1));
            put("f.produce.newerEpoch.v" + version, produce(version, topic, 0, id, producer.producerId(),
                    (short) (producer.producerEpoch() + 1), 0));
            put("f.produce.outOfSequence.v" + version, produce(version, topic, 0, id, producer.producerId(),
                    producer.producerEpoch(), 5));
            // A second instance while the transaction is open: the coordinator aborts it first
            InitProducerIdResponseData whileOpen = init(id);
            put("f.initWhileOpen.v" + version, Errors.forCode(whileOpen.errorCode()));
            try {
                TransactionAnswers.awaitState(bootstrap, id, TransactionState.COMPLETE_ABORT);
            } catch (Exception e) {
                throw new IOException(e);
            }
            InitProducerIdResponseData after = init(id);
            put("f.initAfterAbort.v" + version, Errors.forCode(after.errorCode()) + " epochDelta="
                    + (after.producerEpoch() - producer.producerEpoch()) + " sameId=" + (after.producerId() == producer.producerId()));
            put("f.produce.fencedEpoch.v" + version, produce(version, topic, 0, id, producer.producerId(),
                    producer.producerEpoch(), 1));
        }
    }

    private String produce(short version, String topic, int partition, String id, long producerId, short epoch, int sequence)
            throws IOException {
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000).setTransactionalId(id);
        request.topicData().add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(partition).setRecords(MemoryRecords.withTransactionalRecords(
                        Compression.NONE, producerId, epoch, sequence, new SimpleRecord("v".getBytes()))))));
        var response = new ProduceResponseData(new ByteBufferAccessor(exchange(ApiKeys.PRODUCE, version, request)), version);
        var result = response.responses().iterator().next().partitionResponses().getFirst();
        return Errors.forCode(result.errorCode()) + (result.errorCode() == 0 ? " @" + result.baseOffset() : "");
    }

    /** Error codes per version for bad InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn and EndTxn requests. */
    void errorCodes() throws Exception {
        String topic = "cmp-d-" + run;
        Clients.createTopic(bootstrap, topic, 2);
        for (int timeout : new int[] {0, -1, 900_001, 900_000}) {
            for (short version = 0; version <= 5; version++) {
                var response = new InitProducerIdResponseData(new ByteBufferAccessor(exchange(ApiKeys.INIT_PRODUCER_ID, version,
                        new InitProducerIdRequestData().setTransactionalId("cmp-d-timeout-" + timeout + "-" + version + "-" + run)
                                .setTransactionTimeoutMs(timeout))), version);
                put("d.initProducerId.timeout" + timeout + ".v" + version, Errors.forCode(response.errorCode()));
            }
        }
        for (short version = 0; version <= 5; version++) {
            var response = new InitProducerIdResponseData(new ByteBufferAccessor(exchange(ApiKeys.INIT_PRODUCER_ID, version,
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(-1))), version);
            put("d.initProducerId.idempotent.v" + version, Errors.forCode(response.errorCode()) + " epoch=" + response.producerEpoch());
        }
        for (short version = 0; version <= 3; version++) {
            String id = "cmp-d-add-" + version + "-" + run;
            InitProducerIdResponseData producer = init(id);
            short epoch = producer.producerEpoch();
            put("d.addPartitions.unknownTopic.v" + version, addPartitions(version, id, producer.producerId(), epoch,
                    topics(topic, 0).with("cmp-no-such-topic-" + run, 0)));
            put("d.addPartitions.unknownPartition.v" + version, addPartitions(version, id, producer.producerId(), epoch,
                    topics(topic, 0, 9)));
            put("d.addPartitions.higherEpoch.v" + version, addPartitions(version, id, producer.producerId(), (short) (epoch + 1),
                    topics(topic, 0)));
            put("d.addPartitions.wrongProducerId.v" + version, addPartitions(version, id, producer.producerId() + 1000, epoch,
                    topics(topic, 0)));
            put("d.addPartitions.ok.v" + version, addPartitions(version, id, producer.producerId(), epoch, topics(topic, 0, 1)));
            put("d.addOffsets.higherEpoch.v" + version, Errors.forCode(new AddOffsetsToTxnResponseData(new ByteBufferAccessor(
                    exchange(ApiKeys.ADD_OFFSETS_TO_TXN, version, new AddOffsetsToTxnRequestData().setTransactionalId(id)
                            .setProducerId(producer.producerId()).setProducerEpoch((short) (epoch + 1)).setGroupId("g"))),
                    version).errorCode()));
        }
        for (short version = 0; version <= 4; version++) {
            String id = "cmp-d-end-" + version + "-" + run;
            InitProducerIdResponseData old = init(id);
            InitProducerIdResponseData producer = init(id);
            long pid = producer.producerId();
            short epoch = producer.producerEpoch();
            put("d.endTxn.noTransaction.commit.v" + version, endTxn(version, id, pid, epoch, true));
            put("d.endTxn.noTransaction.abort.v" + version, endTxn(version, id, pid, epoch, false));
            addPartitions((short) 3, id, pid, epoch, topics(topic, 0));
            put("d.endTxn.lowerEpoch.v" + version, endTxn(version, id, pid, old.producerEpoch(), true));
            put("d.endTxn.higherEpoch.v" + version, endTxn(version, id, pid, (short) (epoch + 1), true));
            put("d.endTxn.wrongProducerId.v" + version, endTxn(version, id, pid + 1000, epoch, true));
            put("d.endTxn.unknownId.v" + version, endTxn(version, id + "-unknown", pid, epoch, true));
            put("d.endTxn.commit.v" + version, endTxn(version, id, pid, epoch, true));
            // Right after the commit the markers may still be in flight (an answer that depends on
            // timing: CONCURRENT_TRANSACTIONS on Kafka); once complete, a retry is answered as done.
            TransactionAnswers.awaitState(bootstrap, id, TransactionState.COMPLETE_COMMIT);
            put("d.endTxn.completed.abort.v" + version, endTxn(version, id, pid, epoch, false));
            put("d.endTxn.completed.commit.v" + version, endTxn(version, id, pid, epoch, true));
        }
    }


    private InitProducerIdResponseData init(String id) throws IOException {
        return new InitProducerIdResponseData(new ByteBufferAccessor(exchange(ApiKeys.INIT_PRODUCER_ID, (short) 4,
                new InitProducerIdRequestData().setTransactionalId(id).setTransactionTimeoutMs(60_000))), (short) 4);
    }

    private static final class Topics {
        final AddPartitionsToTxnTopicCollection collection = new AddPartitionsToTxnTopicCollection();

        Topics with(String topic, Integer... partitions) {
            collection.add(new AddPartitionsToTxnTopic().setName(topic).setPartitions(List.of(partitions)));
            return this;
        }
    }

    private static Topics topics(String topic, Integer... partitions) {
        return new Topics().with(topic, partitions);
    }

    private String addPartitions(short version, String id, long producerId, short epoch, Topics topics) throws IOException {
        AddPartitionsToTxnRequestData request = new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(id)
                .setV3AndBelowProducerId(producerId).setV3AndBelowProducerEpoch(epoch).setV3AndBelowTopics(topics.collection);
        var response = new AddPartitionsToTxnResponseData(new ByteBufferAccessor(exchange(ApiKeys.ADD_PARTITIONS_TO_TXN, version,
                request)), version);
        Map<String, String> results = new TreeMap<>();
        response.resultsByTopicV3AndBelow().forEach(t -> t.resultsByPartition().forEach(p -> results.put(
                (t.name().startsWith("cmp-no-such") ? "unknown" : "known") + "-" + p.partitionIndex(),
                Errors.forCode(p.partitionErrorCode()).name())));
        return results.toString();
    }

    private Errors endTxn(short version, String id, long producerId, short epoch, boolean commit) throws IOException {
        return Errors.forCode(new EndTxnResponseData(new ByteBufferAccessor(exchange(ApiKeys.END_TXN, version,
                new EndTxnRequestData().setTransactionalId(id).setProducerId(producerId).setProducerEpoch(epoch)
                        .setCommitted(commit))), version).errorCode());
    }

    private ByteBuffer exchange(ApiKeys key, short version, ApiMessage request) throws IOException {
        String[] hostPort = bootstrap.split(",")[0].split(":");
        try (RawConnection connection = new RawConnection(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))) {
            int id = ++correlationId;
            connection.send(key, version, id, request);
            ByteBuffer frame = connection.receive().orElseThrow(() -> new IOException(key + " v" + version + " not answered"));
            RawConnection.readResponseHeader(frame, key.responseHeaderVersion(version));
            return frame;
        }
    }

}
