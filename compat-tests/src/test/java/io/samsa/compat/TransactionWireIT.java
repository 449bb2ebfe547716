package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every served version of the transaction APIs at the wire, read back by kafka-clients' own
 * message classes, with the version-dependent error codes Kafka uses (INVALID_PRODUCER_EPOCH
 * before PRODUCER_FENCED existed, INVALID_TXN_STATE before TRANSACTION_ABORTABLE did).
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "transaction.state.log.num.partitions", value = "3")
class TransactionWireIT {
    private static final String TOPIC = "wire-txn";
    private static int correlationId;

    @BeforeAll
    static void createTopic(TestBroker broker) throws Exception {
        Clients.createTopic(broker.bootstrapServers(), TOPIC, 2);
    }

    private static ByteBuffer exchange(TestBroker broker, ApiKeys key, short version, ApiMessage request) throws IOException {
        try (RawConnection connection = new RawConnection(broker.address())) {
            int id = ++correlationId;
            connection.send(key, version, id, request);
            ByteBuffer frame = connection.receive().orElseThrow(() -> new AssertionError(key + " v" + version + " not answered"));
            assertThat(RawConnection.readResponseHeader(frame, key.responseHeaderVersion(version)).correlationId()).isEqualTo(id);
            return frame;
        }
    }

    private static InitProducerIdResponseData init(TestBroker broker, short version, String transactionalId, long producerId,
            short epoch) throws IOException {
        InitProducerIdRequestData request = new InitProducerIdRequestData().setTransactionalId(transactionalId)
                .setTransactionTimeoutMs(60_000);
        if (version >= 3) {
            request.setProducerId(producerId).setProducerEpoch(epoch);
        }
        return new InitProducerIdResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.INIT_PRODUCER_ID, version,
                request)), version);
    }

    private static InitProducerIdResponseData init(TestBroker broker, String transactionalId) throws IOException {
        return init(broker, (short) 4, transactionalId, -1, (short) -1);
    }

    private static AddPartitionsToTxnTopicCollection topics(int... partitions) {
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnTopic().setName(TOPIC).setPartitions(java.util.Arrays.stream(partitions).boxed().toList()));
        return topics;
    }

    private static List<AddPartitionsToTxnPartitionResult> addPartitions(TestBroker broker, short version, String id,
            InitProducerIdResponseData producer, short epoch, AddPartitionsToTxnTopicCollection topics) throws IOException {
        AddPartitionsToTxnRequestData request = new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(id)
                .setV3AndBelowProducerId(producer.producerId()).setV3AndBelowProducerEpoch(epoch).setV3AndBelowTopics(topics);
        var response = new AddPartitionsToTxnResponseData(new ByteBufferAccessor(exchange(broker,
                ApiKeys.ADD_PARTITIONS_TO_TXN, version, request)), version);
        return response.resultsByTopicV3AndBelow().stream().flatMap(topic -> topic.resultsByPartition().stream()).toList();
    }

    private static short endTxn(TestBroker broker, short version, String id, long producerId, short epoch, boolean commit)
            throws IOException {
        EndTxnRequestData request = new EndTxnRequestData().setTransactionalId(id).setProducerId(producerId)
                .setProducerEpoch(epoch).setCommitted(commit);
        return new EndTxnResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.END_TXN, version, request)), version)
                .errorCode();
    }

    @Test
    void findCoordinatorAnswersForTransactionalIds(TestBroker broker) throws IOException {
        for (short version = 1; version <= 6; version++) {
            FindCoordinatorRequestData request = new FindCoordinatorRequestData().setKeyType((byte) 1);
            if (version < 4) {
                request.setKey("wire-find");
            } else {
                request.setCoordinatorKeys(List.of("wire-find", "wire-find-2"));
            }
            var response = new FindCoordinatorResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.FIND_COORDINATOR,
                    version, request)), version);
            if (version < 4) {
                assertThat(response.errorCode()).as("v%d", version).isEqualTo(Errors.NONE.code());
                assertThat(response.port()).isEqualTo(broker.address().getPort());
            } else {
                assertThat(response.coordinators()).as("v%d", version).hasSize(2).allSatisfy(coordinator -> {
                    assertThat(coordinator.errorCode()).isEqualTo(Errors.NONE.code());
                    assertThat(coordinator.nodeId()).isEqualTo(broker.nodeId());
                });
            }
        }
    }

    @Test
    void everyInitProducerIdVersionBumpsTheEpochAndFencesAnOldEpoch(TestBroker broker) throws IOException {
        for (short version = 0; version <= 5; version++) {
            String id = "wire-init-" + version;
            InitProducerIdResponseData first = init(broker, version, id, -1, (short) -1);
            InitProducerIdResponseData second = init(broker, version, id, -1, (short) -1);
            assertThat(first.errorCode()).as("v%d", version).isEqualTo(Errors.NONE.code());
            assertThat(first.producerEpoch()).isZero();
            assertThat(second.producerId()).isEqualTo(first.producerId());
            assertThat(second.producerEpoch()).isEqualTo((short) 1);
            if (version >= 3) {
                // KIP-360: a producer naming an epoch older than the current one is fenced
                InitProducerIdResponseData stale = init(broker, version, id, first.producerId(), (short) 0);
                assertThat(stale.errorCode()).as("v%d", version).isEqualTo(version >= 4
                        ? Errors.PRODUCER_FENCED.code() : Errors.INVALID_PRODUCER_EPOCH.code());
                InitProducerIdResponseData own = init(broker, version, id, first.producerId(), (short) 1);
                assertThat(own.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(own.producerEpoch()).isEqualTo((short) 2);
            }
        }
        assertThat(init(broker, (short) 4, "wire-timeout", -1, (short) -1).errorCode()).isEqualTo(Errors.NONE.code());
        var tooLong = new InitProducerIdRequestData().setTransactionalId("wire-timeout").setTransactionTimeoutMs(900_001);
        assertThat(new InitProducerIdResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.INIT_PRODUCER_ID, (short) 4,
                tooLong)), (short) 4).errorCode()).isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT.code());
    }

    @Test
    void everyClientAddPartitionsToTxnVersionAndEndTxnVersion(TestBroker broker) throws IOException {
        for (short version = 0; version <= 3; version++) {
            String id = "wire-add-" + version;
            InitProducerIdResponseData producer = init(broker, id);
            short epoch = producer.producerEpoch();
            // An unknown partition fails the request: the others are not attempted
            assertThat(addPartitions(broker, version, id, producer, epoch, topics(0, 7)))
                    .extracting(AddPartitionsToTxnPartitionResult::partitionIndex, AddPartitionsToTxnPartitionResult::partitionErrorCode)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0, Errors.OPERATION_NOT_ATTEMPTED.code()),
                            org.assertj.core.groups.Tuple.tuple(7, Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
            assertThat(addPartitions(broker, version, id, producer, (short) (epoch + 1), topics(0)))
                    .extracting(AddPartitionsToTxnPartitionResult::partitionErrorCode).as("v%d", version)
                    .containsExactly(version >= 2 ? Errors.PRODUCER_FENCED.code() : Errors.INVALID_PRODUCER_EPOCH.code());
            assertThat(addPartitions(broker, version, id, producer, epoch, topics(0, 1)))
                    .extracting(AddPartitionsToTxnPartitionResult::partitionErrorCode)
                    .containsOnly(Errors.NONE.code());
            short endVersion = (short) Math.min(version + 1, 4);
            assertThat(endTxn(broker, endVersion, id, producer.producerId(), (short) (epoch + 1), true)).as("v%d", endVersion)
                    .isEqualTo(endVersion >= 2 ? Errors.PRODUCER_FENCED.code() : Errors.INVALID_PRODUCER_EPOCH.code());
            assertThat(endTxn(broker, endVersion, id, producer.producerId(), epoch, version % 2 == 0)).isEqualTo(Errors.NONE.code());
        }
        assertThat(endTxn(broker, (short) 0, "wire-add-0", 0, (short) 0, true)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING.code());
    }

    @Test
    void theBatchedFormVerifiesPartitions(TestBroker broker) throws IOException {
        for (short version = 4; version <= 5; version++) {
            String id = "wire-verify-" + version;
            InitProducerIdResponseData producer = init(broker, id);
            addPartitions(broker, (short) 3, id, producer, producer.producerEpoch(), topics(0));
            AddPartitionsToTxnTransactionCollection transactions = new AddPartitionsToTxnTransactionCollection();
            transactions.add(new AddPartitionsToTxnTransaction().setTransactionalId(id).setProducerId(producer.producerId())
                    .setProducerEpoch(producer.producerEpoch()).setVerifyOnly(true).setTopics(topics(0, 1)));
            var response = new AddPartitionsToTxnResponseData(new ByteBufferAccessor(exchange(broker,
                    ApiKeys.ADD_PARTITIONS_TO_TXN, version, new AddPartitionsToTxnRequestData().setTransactions(transactions))),
                    version);
            assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
            AddPartitionsToTxnTopicResult topic = response.resultsByTransaction().find(id).topicResults().find(TOPIC);
            assertThat(topic.resultsByPartition().find(0).partitionErrorCode()).isEqualTo(Errors.NONE.code());
            assertThat(topic.resultsByPartition().find(1).partitionErrorCode()).as("v%d", version).isEqualTo(version >= 5
                    ? Errors.TRANSACTION_ABORTABLE.code() : Errors.INVALID_TXN_STATE.code());
        }
    }

    @Test
    void everyAddOffsetsToTxnVersion(TestBroker broker) throws IOException {
        for (short version = 0; version <= 4; version++) {
            String id = "wire-offsets-" + version;
            InitProducerIdResponseData producer = init(broker, id);
            var request = new AddOffsetsToTxnRequestData().setTransactionalId(id).setProducerId(producer.producerId())
                    .setProducerEpoch(producer.producerEpoch()).setGroupId("wire-group");
            assertThat(new AddOffsetsToTxnResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.ADD_OFFSETS_TO_TXN,
                    version, request)), version).errorCode()).as("v%d", version).isEqualTo(Errors.NONE.code());
            var describe = new DescribeTransactionsResponseData(new ByteBufferAccessor(exchange(broker,
                    ApiKeys.DESCRIBE_TRANSACTIONS, (short) 0, new DescribeTransactionsRequestData()
                            .setTransactionalIds(List.of(id, "wire-unknown")))), (short) 0);
            assertThat(describe.transactionStates().get(0).transactionState()).isEqualTo("Ongoing");
            assertThat(describe.transactionStates().get(0).topics()).singleElement()
                    .satisfies(topic -> assertThat(topic.topic()).isEqualTo("__consumer_offsets"));
            assertThat(describe.transactionStates().get(1).errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
            assertThat(endTxn(broker, (short) 4, id, producer.producerId(), producer.producerEpoch(), false))
                    .isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void everyListTransactionsVersionWithItsFilters(TestBroker broker) throws IOException {
        InitProducerIdResponseData producer = init(broker, "wire-list");
        addPartitions(broker, (short) 3, "wire-list", producer, producer.producerEpoch(), topics(1));
        for (short version = 0; version <= 2; version++) {
            var request = new ListTransactionsRequestData().setStateFilters(List.of("Ongoing", "NoSuchState"))
                    .setProducerIdFilters(List.of(producer.producerId()));
            if (version >= 1) {
                request.setDurationFilter(Duration.ofHours(1).toMillis());
            }
            var response = new ListTransactionsResponseData(new ByteBufferAccessor(exchange(broker,
                    ApiKeys.LIST_TRANSACTIONS, version, request)), version);
            assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(response.unknownStateFilters()).containsExactly("NoSuchState");
            // v1+ asked for transactions running longer than an hour: none is
            assertThat(response.transactionStates()).as("v%d", version).hasSize(version == 0 ? 1 : 0);
        }
        var byPattern = new ListTransactionsResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.LIST_TRANSACTIONS,
                (short) 2, new ListTransactionsRequestData().setTransactionalIdPattern("wire-l.st"))), (short) 2);
        assertThat(byPattern.transactionStates()).extracting(ListTransactionsResponseData.TransactionState::transactionalId)
                .containsExactly("wire-list");
        var badPattern = new ListTransactionsResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.LIST_TRANSACTIONS,
                (short) 2, new ListTransactionsRequestData().setTransactionalIdPattern("(unclosed"))), (short) 2);
        assertThat(badPattern.errorCode()).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION.code());
    }

    private static short produceTransactional(TestBroker broker, short version, String id, InitProducerIdResponseData producer,
            int partition, int sequence) throws IOException {
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000).setTransactionalId(id);
        request.topicData().add(new ProduceRequestData.TopicProduceData().setName(TOPIC).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(partition).setRecords(MemoryRecords.withTransactionalRecords(
                        Compression.NONE, producer.producerId(), producer.producerEpoch(), sequence,
                        new SimpleRecord("v".getBytes()))))));
        var response = new ProduceResponseData(new ByteBufferAccessor(exchange(broker, ApiKeys.PRODUCE, version, request)), version);
        return response.responses().iterator().next().partitionResponses().getFirst().errorCode();
    }

    @Test
    void aTransactionalWriteToAPartitionNotInTheTransactionIsRefused(TestBroker broker) throws IOException {
        // Given a producer whose transaction holds partition 0 only (KIP-890 part 1 verification)
        InitProducerIdResponseData producer = init(broker, "wire-produce");
        addPartitions(broker, (short) 3, "wire-produce", producer, producer.producerEpoch(), topics(0));
        // Then a write to partition 1 is refused (TRANSACTION_ABORTABLE from Produce v11, INVALID_TXN_STATE before)
        assertThat(produceTransactional(broker, (short) 11, "wire-produce", producer, 1, 0))
                .isEqualTo(Errors.TRANSACTION_ABORTABLE.code());
        assertThat(produceTransactional(broker, (short) 10, "wire-produce", producer, 1, 0))
                .isEqualTo(Errors.INVALID_TXN_STATE.code());
        // And the write to partition 0 is taken
        assertThat(produceTransactional(broker, (short) 11, "wire-produce", producer, 0, 0)).isEqualTo(Errors.NONE.code());
        // And after the abort a late write to partition 0 cannot open a transaction no marker would end
        assertThat(endTxn(broker, (short) 4, "wire-produce", producer.producerId(), producer.producerEpoch(), false))
                .isEqualTo(Errors.NONE.code());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> new DescribeTransactionsResponseData(
                new ByteBufferAccessor(exchange(broker, ApiKeys.DESCRIBE_TRANSACTIONS, (short) 0,
                        new DescribeTransactionsRequestData().setTransactionalIds(List.of("wire-produce")))), (short) 0)
                .transactionStates().getFirst().transactionState().equals("CompleteAbort"));
        assertThat(produceTransactional(broker, (short) 11, "wire-produce", producer, 0, 1))
                .isEqualTo(Errors.TRANSACTION_ABORTABLE.code());
    }

    @Test
    void endTxnV5IsTransactionsV2AndNotServed(TestBroker broker) throws IOException {
        try (RawConnection connection = new RawConnection(broker.address())) {
            connection.send(ApiKeys.END_TXN, (short) 5, 1, new EndTxnRequestData().setTransactionalId("wire-v5")
                    .setProducerId(1).setProducerEpoch((short) 0).setCommitted(true));
            assertThat(connection.closedByBroker(Duration.ofSeconds(5))).isTrue();
        }
    }
}
