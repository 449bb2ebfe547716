package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client may send requests without waiting for the answers (a Kafka producer keeps up to five
 * in flight). The broker lets a produce start before the one ahead of it has reached the log, but
 * what a client sees must stay what Kafka's one-at-a-time processing gives: answers in request
 * order, records stored in request order, a later request of another kind seeing every earlier
 * produce, and nothing after an acks=0 failure that closes the connection.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
class PipelinedRequestsIT {
    private static final short PRODUCE_VERSION = 11;
    private static final short LIST_OFFSETS_VERSION = 9;
    private static final int RECORDS_PER_BATCH = 3;
    private static Admin admin;

    @BeforeAll
    static void createAdmin(TestBroker broker) {
        admin = Clients.admin(broker.bootstrapServers());
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @Test
    void producesSentWithoutWaitingAreStoredAndAnsweredInRequestOrder(TestBroker broker) throws Exception {
        // Given an idempotent producer id and a topic of two partitions whose appends each wait for an fsync
        String topic = "pipelined";
        Clients.createTopic(admin, topic, 2, Map.of("flush.messages", "1"));
        int rounds = 12;
        int producesPerRound = 4;
        try (RawConnection connection = new RawConnection(broker.address())) {
            InitProducerIdResponseData producer = initProducerId(connection);

            // When rounds of four produce requests (both partitions each, consecutive sequences) and a
            // ListOffsets go out back to back, none waiting for an answer
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            int correlationId = 100;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < producesPerRound; i++) {
                    burst.writeBytes(RawConnection.request(ApiKeys.PRODUCE, PRODUCE_VERSION, correlationId++,
                            produce(topic, producer, round * producesPerRound + i, (short) 1)));
                }
                burst.writeBytes(RawConnection.request(ApiKeys.LIST_OFFSETS, LIST_OFFSETS_VERSION, correlationId++,
                        latestOffsets(topic)));
            }
            connection.sendRaw(burst.toByteArray());

            // Then the answers come in request order, each batch at the offsets that order gives it,
            // and every ListOffsets saw all the produces sent before it
            correlationId = 100;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < producesPerRound; i++) {
                    ByteBuffer frame = receive(connection, ApiKeys.PRODUCE, PRODUCE_VERSION, correlationId++);
                    ProduceResponseData response = new ProduceResponseData(new ByteBufferAccessor(frame), PRODUCE_VERSION);
                    List<PartitionProduceResponse> partitions = response.responses().iterator().next().partitionResponses();
                    assertThat(partitions).hasSize(2);
                    for (PartitionProduceResponse partition : partitions) {
                        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
                        assertThat(partition.baseOffset()).isEqualTo((long) (round * producesPerRound + i) * RECORDS_PER_BATCH);
                    }
                }
                ByteBuffer frame = receive(connection, ApiKeys.LIST_OFFSETS, LIST_OFFSETS_VERSION, correlationId++);
                ListOffsetsResponseData offsets = new ListOffsetsResponseData(new ByteBufferAccessor(frame), LIST_OFFSETS_VERSION);
                long expected = (long) (round + 1) * producesPerRound * RECORDS_PER_BATCH;
                for (var partition : offsets.topics().getFirst().partitions()) {
                    assertThat(partition.offset()).as("end offset seen by the ListOffsets of round %d", round)
                            .isEqualTo(expected);
                }
            }
        }

        // And a consumer reads every record once, in the order the requests were sent
        for (int partition = 0; partition < 2; partition++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < rounds * producesPerRound; i++) {
                for (int r = 0; r < RECORDS_PER_BATCH; r++) {
                    expected.add(value(i, r));
                }
            }
            assertThat(readAll(broker, topic, partition, expected.size())).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void nothingSentAfterAnAcksZeroFailureIsStored(TestBroker broker) throws Exception {
        // Given a topic whose appends each wait for an fsync
        String topic = "pipelined-acks0";
        Clients.createTopic(admin, topic, 2, Map.of("flush.messages", "1"));
        try (RawConnection connection = new RawConnection(broker.address())) {
            InitProducerIdResponseData producer = initProducerId(connection);

            // When a good produce, an acks=0 produce out of sequence (it fails once the first is stored),
            // and a produce that would be in sequence after the first go out back to back
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            burst.writeBytes(RawConnection.request(ApiKeys.PRODUCE, PRODUCE_VERSION, 1, produce(topic, producer, 0, (short) 1)));
            burst.writeBytes(RawConnection.request(ApiKeys.PRODUCE, PRODUCE_VERSION, 2, produce(topic, producer, 5, (short) 0)));
            burst.writeBytes(RawConnection.request(ApiKeys.PRODUCE, PRODUCE_VERSION, 3, produce(topic, producer, 1, (short) 1)));
            connection.sendRaw(burst.toByteArray());

            // Then the first is answered and the broker closes the connection, as Kafka does after a
            // failed acks=0 produce, without running the request that came after it
            receive(connection, ApiKeys.PRODUCE, PRODUCE_VERSION, 1);
            assertThat(connection.closedByBroker(Duration.ofSeconds(10))).isTrue();
        }
        for (int partition = 0; partition < 2; partition++) {
            TopicPartition tp = new TopicPartition(topic, partition);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset())
                    .isEqualTo(RECORDS_PER_BATCH);
        }
    }

    private static ByteBuffer receive(RawConnection connection, ApiKeys key, short version, int correlationId)
            throws IOException {
        ByteBuffer frame = connection.receive().orElseThrow(() -> new AssertionError("the broker closed the connection"));
        assertThat(RawConnection.readResponseHeader(frame, key.responseHeaderVersion(version)).correlationId())
                .isEqualTo(correlationId);
        return frame;
    }

    private static InitProducerIdResponseData initProducerId(RawConnection connection) throws IOException {
        InitProducerIdResponseData response = connection.initIdempotentProducer();
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        return response;
    }

    /** Request {@code index}: one batch per partition, sequence {@code index * RECORDS_PER_BATCH}. */
    private static ProduceRequestData produce(String topic, InitProducerIdResponseData producer, int index, short acks) {
        ProduceRequestData request = new ProduceRequestData().setAcks(acks).setTimeoutMs(10_000);
        var topicData = new ProduceRequestData.TopicProduceData().setName(topic);
        request.topicData().add(topicData);
        for (int partition = 0; partition < 2; partition++) {
            SimpleRecord[] records = new SimpleRecord[RECORDS_PER_BATCH];
            for (int r = 0; r < RECORDS_PER_BATCH; r++) {
                records[r] = new SimpleRecord(value(index, r).getBytes());
            }
            topicData.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(partition)
                    .setRecords(MemoryRecords.withIdempotentRecords(Compression.NONE, producer.producerId(),
                            producer.producerEpoch(), index * RECORDS_PER_BATCH, records)));
        }
        return request;
    }

    private static ListOffsetsRequestData latestOffsets(String topic) {
        return new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(new ListOffsetsTopic().setName(topic)
                .setPartitions(List.of(new ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1),
                        new ListOffsetsPartition().setPartitionIndex(1).setTimestamp(-1)))));
    }

    private static String value(int request, int record) {
        return "request-" + request + "-record-" + record;
    }

    private static List<String> readAll(TestBroker broker, String topic, int partition, int expected) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(broker.bootstrapServers(), Map.of())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
