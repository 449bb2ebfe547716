package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every version the broker serves of the data-path APIs is answered (not dropped) and readable
 * by kafka-clients: a response field set where the version has no room for it would otherwise
 * only show as a closed connection for old clients.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
class ServedVersionsIT {
    private static final String TOPIC = "served";
    private static Uuid topicId;

    @BeforeAll
    static void createTopic(TestBroker broker) throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            Clients.createTopic(admin, TOPIC, 1);
            topicId = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).topicId();
        }
    }

    private static ByteBuffer exchange(TestBroker broker, ApiKeys key, short version, org.apache.kafka.common.protocol.Message request)
            throws IOException {
        try (RawConnection connection = new RawConnection(broker.address())) {
            connection.send(key, version, 5, request);
            ByteBuffer frame = connection.receive().orElseThrow(() -> new AssertionError(key + " v" + version + " was not answered"));
            assertThat(RawConnection.readResponseHeader(frame, key.responseHeaderVersion(version)).correlationId()).isEqualTo(5);
            return frame;
        }
    }

    @Test
    void everyProduceVersion(TestBroker broker) throws IOException {
        for (short version = 3; version <= ApiKeys.PRODUCE.latestVersion(); version++) {
            ProduceRequestData request = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(5000);
            request.topicData().add(new ProduceRequestData.TopicProduceData().setName(TOPIC).setTopicId(topicId)
                    .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                            .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(("v" + version).getBytes()))))));
            var response = new ProduceResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.PRODUCE, version, request)), version);
            assertThat(response.responses().iterator().next().partitionResponses().get(0).errorCode())
                    .as("produce v%d", version).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void everyFetchVersion(TestBroker broker) throws IOException {
        for (short version = 4; version <= ApiKeys.FETCH.latestVersion(); version++) {
            FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0).setMaxBytes(1 << 20)
                    .setSessionEpoch(-1).setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(TOPIC).setTopicId(topicId)
                            .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                                    .setPartitionMaxBytes(1 << 20)))));
            var response = new FetchResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.FETCH, version, request)), version);
            assertThat(response.responses().get(0).partitions().get(0).errorCode()).as("fetch v%d", version)
                    .isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void everyListOffsetsVersion(TestBroker broker) throws IOException {
        for (short version = 1; version <= ApiKeys.LIST_OFFSETS.latestVersion(); version++) {
            ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                    new ListOffsetsRequestData.ListOffsetsTopic().setName(TOPIC).setPartitions(List.of(
                            new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-2)))));
            var response = new ListOffsetsResponseData(
                    new ByteBufferAccessor(exchange(broker, ApiKeys.LIST_OFFSETS, version, request)), version);
            var partition = response.topics().get(0).partitions().get(0);
            assertThat(partition.errorCode()).as("list offsets v%d", version).isEqualTo(Errors.NONE.code());
            assertThat(partition.offset()).isZero();
        }
    }

    @Test
    void everyDescribeProducersVersion(TestBroker broker) throws IOException {
        for (short version = 0; version <= ApiKeys.DESCRIBE_PRODUCERS.latestVersion(); version++) {
            DescribeProducersRequestData request = new DescribeProducersRequestData().setTopics(List.of(
                    new DescribeProducersRequestData.TopicRequest().setName(TOPIC).setPartitionIndexes(List.of(0, 9)),
                    new DescribeProducersRequestData.TopicRequest().setName("no-such-topic").setPartitionIndexes(List.of(0))));
            var response = new DescribeProducersResponseData(
                    new ByteBufferAccessor(exchange(broker, ApiKeys.DESCRIBE_PRODUCERS, version, request)), version);
            var known = response.topics().get(0).partitions();
            assertThat(known.get(0).errorCode()).as("describe producers v%d", version).isEqualTo(Errors.NONE.code());
            assertThat(known.get(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(response.topics().get(1).partitions().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
    }

    @Test
    void everyTxnOffsetCommitVersionLeavesItsOffsetPendingForRequireStableFetches(TestBroker broker) throws IOException {
        for (short version = 0; version <= ApiKeys.TXN_OFFSET_COMMIT.latestVersion(); version++) {
            // Given a transaction (InitProducerId) that has not added the group's offsets yet
            String group = "served-txn-" + version;
            String transactionalId = "served-txn-" + version;
            var producer = new InitProducerIdResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.INIT_PRODUCER_ID,
                    (short) 4, new InitProducerIdRequestData().setTransactionalId(transactionalId)
                            .setTransactionTimeoutMs(60_000))), (short) 4);
            assertThat(producer.errorCode()).isEqualTo(Errors.NONE.code());
            TxnOffsetCommitRequestData request = new TxnOffsetCommitRequestData().setTransactionalId(transactionalId)
                    .setGroupId(group).setProducerId(producer.producerId()).setProducerEpoch(producer.producerEpoch())
                    .setTopics(List.of(txnOffsets(TOPIC), txnOffsets("no-such-topic")));
            // Then its offsets are refused (KIP-890 verification: TRANSACTION_ABORTABLE from v4, INVALID_TXN_STATE before)
            assertThat(txnOffsetCommit(broker, version, request)).as("txn offset commit v%d, not added", version)
                    .containsExactly(version >= 4 ? Errors.TRANSACTION_ABORTABLE.code() : Errors.INVALID_TXN_STATE.code(),
                            Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            // When AddOffsetsToTxn added them, they are taken
            var added = new AddOffsetsToTxnResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.ADD_OFFSETS_TO_TXN,
                    (short) 4, new AddOffsetsToTxnRequestData().setTransactionalId(transactionalId)
                            .setProducerId(producer.producerId()).setProducerEpoch(producer.producerEpoch()).setGroupId(group))),
                    (short) 4);
            assertThat(added.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(txnOffsetCommit(broker, version, request)).as("txn offset commit v%d", version)
                    .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            // The offset waits for its transaction: OffsetFetch v7 with require_stable says so, v6 sees none committed
            assertThat(fetchedPartition(broker, group, (short) 7).errorCode()).isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT.code());
            var unstableUnaware = fetchedPartition(broker, group, (short) 6);
            assertThat(unstableUnaware.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(unstableUnaware.committedOffset()).isEqualTo(-1L);
        }
    }

    /** Each topic's first partition's error. */
    private static List<Short> txnOffsetCommit(TestBroker broker, short version, TxnOffsetCommitRequestData request)
            throws IOException {
        var response = new TxnOffsetCommitResponseData(
                new ByteBufferAccessor(exchange(broker, ApiKeys.TXN_OFFSET_COMMIT, version, request)), version);
        return response.topics().stream().map(topic -> topic.partitions().get(0).errorCode()).toList();
    }

    private static TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic txnOffsets(String topic) {
        return new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1)
                        .setCommittedMetadata("m")));
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartition fetchedPartition(TestBroker broker, String group,
            short version) throws IOException {
        OffsetFetchRequestData request = new OffsetFetchRequestData().setGroupId(group).setRequireStable(version >= 7)
                .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic().setName(TOPIC).setPartitionIndexes(List.of(0))));
        var response = new OffsetFetchResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.OFFSET_FETCH, version, request)),
                version);
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        return response.topics().get(0).partitions().get(0);
    }
}
