package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.core.log.Log;
import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The log layer of transactions seen by real clients: transactional batches produced at the wire,
 * markers written through {@link Log#appendTransactionMarker} (standing in for the transaction
 * coordinator), and kafka-clients consumers and Admin reading the result, also across restarts.
 */
@Tag("integration")
@Timeout(180)
@ExtendWith(BrokerExtension.class)
class TransactionLogIT {
    private static final short PRODUCE_VERSION = 11;
    private static final short FETCH_VERSION = 12;
    private static final String TRANSACTIONAL_ID = "txn-log-it";
    /** The transactional id each producer id was initialized under. */
    private static final Map<Long, String> TRANSACTIONAL_IDS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void readCommittedConsumersSeeOnlyCommittedRecordsAcrossRestarts(TestBroker broker) throws Exception {
        // Given: an aborted transaction (offsets 0-1, marker 3) around a plain record (2), then a committed one (4, marker 5)
        String topic = "txn-visibility";
        TopicPartition partition = new TopicPartition(topic, 0);
        Clients.createTopic(broker.bootstrapServers(), topic, 1);
        long producerId;
        try (RawConnection connection = new RawConnection(broker.address())) {
            producerId = initProducerId(connection);
            assertThat(produce(connection, topic, producerId, 0, TRANSACTIONAL_ID, "a1", "a2").baseOffset()).isZero();
        }
        try (KafkaProducer<String, String> plain = Clients.producer(broker.bootstrapServers(), Map.of())) {
            assertThat(plain.send(new ProducerRecord<>(topic, "p1")).get().offset()).isEqualTo(2);
        }

        // Then the open transaction holds read_committed readers at its first offset
        assertThat(read(broker, partition, IsolationLevel.READ_COMMITTED)).isEqualTo(new Read(List.of(), 0));
        assertThat(read(broker, partition, IsolationLevel.READ_UNCOMMITTED)).isEqualTo(new Read(List.of("a1", "a2", "p1"), 3));
        assertThat(latest(broker, partition, IsolationLevel.READ_COMMITTED)).isZero();
        assertThat(latest(broker, partition, IsolationLevel.READ_UNCOMMITTED)).isEqualTo(3);

        // When the transaction aborts, and a second one commits
        assertThat(marker(broker, topic, producerId, false).baseOffset()).isEqualTo(3);
        try (RawConnection connection = new RawConnection(broker.address())) {
            assertThat(produce(connection, topic, producerId, 2, TRANSACTIONAL_ID, "b1").baseOffset()).isEqualTo(4);
        }
        assertThat(marker(broker, topic, producerId, true).baseOffset()).isEqualTo(5);

        // Then read_committed skips the aborted records, and every marker takes one offset
        Read committed = new Read(List.of("p1", "b1"), 6);
        Read everything = new Read(List.of("a1", "a2", "p1", "b1"), 6);
        assertThat(read(broker, partition, IsolationLevel.READ_COMMITTED)).isEqualTo(committed);
        assertThat(read(broker, partition, IsolationLevel.READ_UNCOMMITTED)).isEqualTo(everything);
        assertThat(latest(broker, partition, IsolationLevel.READ_COMMITTED)).isEqualTo(6);

        // When the broker restarts, and a third transaction is left open across another restart
        broker.restart();
        assertThat(read(broker, partition, IsolationLevel.READ_COMMITTED)).isEqualTo(committed);
        assertThat(read(broker, partition, IsolationLevel.READ_UNCOMMITTED)).isEqualTo(everything);
        try (RawConnection connection = new RawConnection(broker.address())) {
            assertThat(produce(connection, topic, producerId, 3, TRANSACTIONAL_ID, "c1").baseOffset()).isEqualTo(6);
        }
        broker.restart();

        // Then the open transaction still holds read_committed back, and the closed ones stay closed
        assertThat(read(broker, partition, IsolationLevel.READ_COMMITTED)).isEqualTo(committed);
        assertThat(latest(broker, partition, IsolationLevel.READ_COMMITTED)).isEqualTo(6);
        assertThat(latest(broker, partition, IsolationLevel.READ_UNCOMMITTED)).isEqualTo(7);
        // (the plain producer is idempotent by default, so it has state here too)
        assertThat(producers(broker, partition)).hasSize(2).filteredOn(state -> state.producerId() == producerId)
                .singleElement().satisfies(state -> {
                    assertThat(state.lastSequence()).isEqualTo(3);
                    assertThat(state.coordinatorEpoch()).hasValue(0);
                    assertThat(state.currentTransactionStartOffset()).isEqualTo(OptionalLong.of(6));
                });

        // When it commits
        assertThat(marker(broker, topic, producerId, true).baseOffset()).isEqualTo(7);

        // Then
        assertThat(read(broker, partition, IsolationLevel.READ_COMMITTED)).isEqualTo(new Read(List.of("p1", "b1", "c1"), 8));
        assertThat(producers(broker, partition)).filteredOn(state -> state.producerId() == producerId).singleElement()
                .satisfies(state -> assertThat(state.currentTransactionStartOffset()).isEmpty());
    }

    @Test
    void aLongPollReadCommittedFetchWaitsForTheMarkerNotForTheData(TestBroker broker) throws Exception {
        // Given a read_committed fetch parked at the end of an empty partition
        String topic = "txn-long-poll";
        Clients.createTopic(broker.bootstrapServers(), topic, 1);
        try (RawConnection fetcher = new RawConnection(broker.address());
                RawConnection producer = new RawConnection(broker.address())) {
            long producerId = initProducerId(producer);
            fetcher.send(ApiKeys.FETCH, FETCH_VERSION, 9, fetch(topic, 0, 20_000));
            assertThat(fetcher.receiveWithin(Duration.ofMillis(300))).isEmpty();

            // When transactional data arrives, the high watermark moves but the last stable offset does not
            assertThat(produce(producer, topic, producerId, 0, TRANSACTIONAL_ID, "t1").errorCode()).isEqualTo(Errors.NONE.code());

            // Then the fetch keeps waiting
            assertThat(fetcher.receiveWithin(Duration.ofMillis(500))).isEmpty();

            // When the commit marker is written
            long markedAt = System.nanoTime();
            Log.AppendResult marker = marker(broker, topic, producerId, true);

            // Then the fetch answers with the transaction and its marker, well before its max wait
            ByteBuffer frame = fetcher.receiveWithin(Duration.ofSeconds(10)).orElseThrow();
            assertThat(System.nanoTime() - markedAt).isLessThan(TimeUnit.SECONDS.toNanos(10));
            RawConnection.readResponseHeader(frame, ApiKeys.FETCH.responseHeaderVersion(FETCH_VERSION));
            FetchResponseData.PartitionData answer = new FetchResponseData(new ByteBufferAccessor(frame), FETCH_VERSION)
                    .responses().get(0).partitions().get(0);
            assertThat(answer.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(answer.highWatermark()).isEqualTo(2);
            assertThat(answer.lastStableOffset()).isEqualTo(2);
            assertThat(answer.abortedTransactions()).isNotNull().isEmpty();
            List<MutableRecordBatch> batches = new ArrayList<>();
            ((MemoryRecords) answer.records()).batches().forEach(batches::add);
            assertThat(batches).hasSize(2);
            assertThat(batches.get(0).isTransactional()).isTrue();
            // And the marker is byte for byte the batch Kafka writes for it
            MutableRecordBatch control = batches.get(1);
            Record markerRecord = control.iterator().next();
            MemoryRecords kafkas = MemoryRecords.withEndTransactionMarker(marker.baseOffset(), markerRecord.timestamp(),
                    control.partitionLeaderEpoch(), producerId, (short) 0, new EndTransactionMarker(ControlRecordType.COMMIT, 0));
            assertThat(bytes(control)).isEqualTo(bytes(kafkas.batches().iterator().next()));
        }
    }

    @Test
    void aReadCommittedFetchNamesTheAbortedTransactionsInWhatItReturns(TestBroker broker) throws Exception {
        // Given an aborted transaction followed by a committed one
        String topic = "txn-aborted-list";
        Clients.createTopic(broker.bootstrapServers(), topic, 1);
        try (RawConnection connection = new RawConnection(broker.address())) {
            long producerId = initProducerId(connection);
            produce(connection, topic, producerId, 0, TRANSACTIONAL_ID, "x1", "x2");
            marker(broker, topic, producerId, false);
            produce(connection, topic, producerId, 2, TRANSACTIONAL_ID, "y1");
            marker(broker, topic, producerId, true);

            // When fetched read_committed from the start and from past the aborted transaction
            FetchResponseData.PartitionData fromStart = fetchNow(connection, topic, 0);
            FetchResponseData.PartitionData pastAbort = fetchNow(connection, topic, 3);

            // Then
            assertThat(fromStart.abortedTransactions()).singleElement().satisfies(aborted -> {
                assertThat(aborted.producerId()).isEqualTo(producerId);
                assertThat(aborted.firstOffset()).isZero();
            });
            assertThat(fromStart.lastStableOffset()).isEqualTo(5);
            assertThat(pastAbort.abortedTransactions()).isEmpty();
        }
    }

    @Test
    void readCommittedTimestampLookupsFindNothingInAnOpenTransaction(TestBroker broker) throws Exception {
        // Given an open transaction holding the only record
        String topic = "txn-timestamps";
        TopicPartition partition = new TopicPartition(topic, 0);
        Clients.createTopic(broker.bootstrapServers(), topic, 1);
        long before = System.currentTimeMillis();
        long producerId;
        try (RawConnection connection = new RawConnection(broker.address())) {
            producerId = initProducerId(connection);
            produce(connection, topic, producerId, 0, TRANSACTIONAL_ID, "t");
        }

        // Then only read_uncommitted finds it, by timestamp or as the newest
        assertThat(offset(broker, partition, OffsetSpec.forTimestamp(before), IsolationLevel.READ_COMMITTED)).isEqualTo(-1);
        assertThat(offset(broker, partition, OffsetSpec.maxTimestamp(), IsolationLevel.READ_COMMITTED)).isEqualTo(-1);
        assertThat(offset(broker, partition, OffsetSpec.forTimestamp(before), IsolationLevel.READ_UNCOMMITTED)).isZero();
        assertThat(offset(broker, partition, OffsetSpec.maxTimestamp(), IsolationLevel.READ_UNCOMMITTED)).isZero();

        // When it commits
        marker(broker, topic, producerId, true);

        // Then read_committed finds it too
        assertThat(offset(broker, partition, OffsetSpec.forTimestamp(before), IsolationLevel.READ_COMMITTED)).isZero();
    }

    @Test
    void transactionalDataWithoutATransactionalIdIsRefusedAsKafkaDoes(TestBroker broker) throws Exception {
        String topic = "txn-no-id";
        Clients.createTopic(broker.bootstrapServers(), topic, 1);
        try (RawConnection connection = new RawConnection(broker.address())) {
            long producerId = initProducerId(connection);
            // When
            ProduceResponseData.PartitionProduceResponse answer = produce(connection, topic, producerId, 0, null, "z");
            // Then
            assertThat(answer.errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
        }
        assertThat(latest(broker, new TopicPartition(topic, 0), IsolationLevel.READ_UNCOMMITTED)).isZero();
    }

    @Test
    void describeProducersReportsIdempotentAndTransactionalProducers(TestBroker broker) throws Exception {
        // Given
        long start = System.currentTimeMillis();
        String topic = "txn-describe";
        TopicPartition partition = new TopicPartition(topic, 0);
        Clients.createTopic(broker.bootstrapServers(), topic, 1);
        long producerId;
        try (RawConnection connection = new RawConnection(broker.address())) {
            producerId = initProducerId(connection);
            produce(connection, topic, producerId, 0, TRANSACTIONAL_ID, "d1", "d2");
        }

        // Then
        assertThat(producers(broker, partition)).singleElement().satisfies(state -> {
            assertThat(state.producerId()).isEqualTo(producerId);
            assertThat(state.producerEpoch()).isZero();
            assertThat(state.lastSequence()).isEqualTo(1);
            assertThat(state.lastTimestamp()).isBetween(start, System.currentTimeMillis());
            assertThat(state.coordinatorEpoch()).isEmpty();
            assertThat(state.currentTransactionStartOffset()).isEqualTo(OptionalLong.of(0));
        });
    }

    private record Read(List<String> values, long position) {}

    /** Everything a consumer with this isolation level reads from the start, and its position afterwards. */
    private static Read read(TestBroker broker, TopicPartition partition, IsolationLevel isolation) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(broker.bootstrapServers(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString()))) {
            List<String> values = new ArrayList<>();
            Clients.readToEnd(consumer, List.of(partition), READ_TIMEOUT, record -> values.add(record.value()));
            return new Read(values, consumer.position(partition));
        }
    }

    private static long latest(TestBroker broker, TopicPartition partition, IsolationLevel isolation) throws Exception {
        return offset(broker, partition, OffsetSpec.latest(), isolation);
    }

    private static long offset(TestBroker broker, TopicPartition partition, OffsetSpec spec, IsolationLevel isolation)
            throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            return admin.listOffsets(Map.of(partition, spec), new ListOffsetsOptions(isolation))
                    .partitionResult(partition).get().offset();
        }
    }

    private static List<ProducerState> producers(TestBroker broker, TopicPartition partition) throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            return admin.describeProducers(List.of(partition)).partitionResult(partition).get().activeProducers();
        }
    }

    private static Log.AppendResult marker(TestBroker broker, String topic, long producerId, boolean commit) throws Exception {
        return broker.log(topic, 0).appendTransactionMarker(producerId, (short) 0, 0, commit)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * A producer id from the transaction coordinator, under a transactional id of its own (epoch 0),
     * so that its transactional writes pass the coordinator's verification (KIP-890 part 1).
     */
    private static long initProducerId(RawConnection connection) throws IOException {
        String transactionalId = TRANSACTIONAL_ID + "-" + TRANSACTIONAL_IDS.size();
        connection.send(ApiKeys.INIT_PRODUCER_ID, (short) 5, 1, new InitProducerIdRequestData()
                .setTransactionalId(transactionalId).setTransactionTimeoutMs(900_000).setProducerId(-1)
                .setProducerEpoch((short) -1));
        ByteBuffer frame = connection.receive().orElseThrow();
        RawConnection.readResponseHeader(frame, ApiKeys.INIT_PRODUCER_ID.responseHeaderVersion((short) 5));
        var response = new InitProducerIdResponseData(new ByteBufferAccessor(frame), (short) 5);
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.producerEpoch()).isZero();
        TRANSACTIONAL_IDS.put(response.producerId(), transactionalId);
        return response.producerId();
    }

    /** Adds partition 0 of {@code topic} to the producer's transaction, as a client does before writing to it. */
    private static void addPartition(RawConnection connection, String topic, long producerId) throws IOException {
        var topics = new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName(topic).setPartitions(List.of(0)));
        connection.send(ApiKeys.ADD_PARTITIONS_TO_TXN, (short) 3, 2, new AddPartitionsToTxnRequestData()
                .setV3AndBelowTransactionalId(TRANSACTIONAL_IDS.get(producerId)).setV3AndBelowProducerId(producerId)
                .setV3AndBelowProducerEpoch((short) 0).setV3AndBelowTopics(topics));
        ByteBuffer frame = connection.receive().orElseThrow();
        RawConnection.readResponseHeader(frame, ApiKeys.ADD_PARTITIONS_TO_TXN.responseHeaderVersion((short) 3));
        var response = new AddPartitionsToTxnResponseData(new ByteBufferAccessor(frame), (short) 3);
        assertThat(response.resultsByTopicV3AndBelow().find(topic).resultsByPartition().find(0).partitionErrorCode())
                .isEqualTo(Errors.NONE.code());
    }

    private static ProduceResponseData.PartitionProduceResponse produce(RawConnection connection, String topicName,
            long producerId, int sequence, String transactionalId, String... values) throws IOException {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null, values[i].getBytes());
        }
        MemoryRecords batch = MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) 0, sequence, records);
        if (transactionalId != null) {
            addPartition(connection, topicName, producerId);
        }
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000)
                .setTransactionalId(transactionalId == null ? null : TRANSACTIONAL_IDS.get(producerId));
        var topic = new ProduceRequestData.TopicProduceData().setName(topicName);
        request.topicData().add(topic);
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(batch));
        connection.send(ApiKeys.PRODUCE, PRODUCE_VERSION, 3, request);
        ByteBuffer frame = connection.receive().orElseThrow();
        RawConnection.readResponseHeader(frame, ApiKeys.PRODUCE.responseHeaderVersion(PRODUCE_VERSION));
        return new ProduceResponseData(new ByteBufferAccessor(frame), PRODUCE_VERSION).responses().iterator().next()
                .partitionResponses().get(0);
    }

    private static FetchRequestData fetch(String topic, long offset, int maxWaitMs) {
        return new FetchRequestData().setReplicaId(-1).setMaxWaitMs(maxWaitMs).setMinBytes(1).setMaxBytes(1 << 20)
                .setIsolationLevel(IsolationLevel.READ_COMMITTED.id()).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(topic).setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(offset).setPartitionMaxBytes(1 << 20)))));
    }

    private static FetchResponseData.PartitionData fetchNow(RawConnection connection, String topic, long offset) throws IOException {
        connection.send(ApiKeys.FETCH, FETCH_VERSION, 4, fetch(topic, offset, 0));
        ByteBuffer frame = connection.receive().orElseThrow();
        RawConnection.readResponseHeader(frame, ApiKeys.FETCH.responseHeaderVersion(FETCH_VERSION));
        FetchResponseData.PartitionData answer = new FetchResponseData(new ByteBufferAccessor(frame), FETCH_VERSION)
                .responses().get(0).partitions().get(0);
        assertThat(answer.errorCode()).isEqualTo(Errors.NONE.code());
        return answer;
    }

    private static byte[] bytes(MutableRecordBatch batch) {
        ByteBuffer buffer = ByteBuffer.allocate(batch.sizeInBytes());
        batch.writeTo(buffer);
        return buffer.array();
    }
}
