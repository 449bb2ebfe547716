package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Produce requests carrying batches no well-behaved producer sends, built byte by byte (see
 * {@link BadBatch}). Each is refused for its partition only, with the error a Kafka 4.3.1 broker
 * gives for the same bytes; nothing is stored, what was stored before still reads back, the other
 * partition of the same request is written, and the connection keeps serving. With acks=0 there
 * is no response to carry the error, so the broker closes the connection, as Kafka does.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
class BadBatchIT {
    private static final AtomicInteger CORRELATION = new AtomicInteger();
    private static Admin admin;

    @BeforeAll
    static void createAdmin(TestBroker broker) {
        admin = Clients.admin(broker.bootstrapServers());
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BadBatch.class)
    void aBadBatchIsRefusedForItsPartitionAndStoresNothing(BadBatch bad, TestBroker broker) throws Exception {
        // Given a partition holding three records, on a topic whose max.message.bytes is 1024
        Topic topic = createTopic("bad-" + bad.name().toLowerCase().replace('_', '-'));
        try (RawConnection connection = new RawConnection(broker.address())) {
            assertThat(produce(connection, topic, BadBatch.LATEST_PRODUCE_VERSION, (short) -1,
                    Map.of(0, records("before", 3))).get(0).errorCode()).isZero();
            long endBefore = logEndOffset(topic.name(), 0);
            assertThat(endBefore).isEqualTo(3);

            // When one request carries the bad batch for partition 0 and a good one for partition 1
            Map<Integer, PartitionProduceResponse> answer = produce(connection, topic, bad.produceVersion(), (short) -1,
                    Map.of(0, bad.records(), 1, records("neighbour", 2)));

            // Then partition 0 is refused with Kafka's error and nothing is appended to it
            assertThat(Errors.forCode(answer.get(0).errorCode())).isEqualTo(bad.expected());
            assertThat(answer.get(0).baseOffset()).isEqualTo(-1);
            assertThat(logEndOffset(topic.name(), 0)).isEqualTo(endBefore);
            // And partition 1 of the same request is written
            assertThat(Errors.forCode(answer.get(1).errorCode())).isEqualTo(Errors.NONE);
            assertThat(answer.get(1).baseOffset()).isZero();
            // And the same connection goes on serving: the next good batch lands right after the old end
            Map<Integer, PartitionProduceResponse> next = produce(connection, topic, bad.produceVersion(), (short) -1,
                    Map.of(0, records("after", 2)));
            assertThat(Errors.forCode(next.get(0).errorCode())).isEqualTo(Errors.NONE);
            assertThat(next.get(0).baseOffset()).isEqualTo(endBefore);
        }
        // And the partition reads back exactly what was accepted, at dense offsets, CRCs checked by the client
        assertThat(readAll(broker, topic.name(), 0, 5)).containsExactly(
                "0:before-0", "1:before-1", "2:before-2", "3:after-0", "4:after-1");
        assertThat(readAll(broker, topic.name(), 1, 2)).containsExactly("0:neighbour-0", "1:neighbour-1");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BadBatch.class)
    void withAcksZeroABadBatchClosesTheConnection(BadBatch bad, TestBroker broker) throws Exception {
        // Given a partition holding two records
        Topic topic = createTopic("bad-acks0-" + bad.name().toLowerCase().replace('_', '-'));
        try (RawConnection connection = new RawConnection(broker.address())) {
            produce(connection, topic, BadBatch.LATEST_PRODUCE_VERSION, (short) -1, Map.of(0, records("before", 2)));
        }
        try (RawConnection offender = new RawConnection(broker.address());
                RawConnection bystander = new RawConnection(broker.address())) {
            // When the bad batch comes with acks=0
            offender.send(ApiKeys.PRODUCE, bad.produceVersion(), CORRELATION.incrementAndGet(),
                    request(topic, bad.produceVersion(), (short) 0, Map.of(0, bad.records())));
            // Then the broker closes that connection without answering (the only way acks=0 can report a failure)
            assertThat(offender.closedByBroker(Duration.ofSeconds(10))).isTrue();
            // And nothing was appended, and other connections are served
            assertThat(logEndOffset(topic.name(), 0)).isEqualTo(2);
            bystander.send(ApiKeys.API_VERSIONS, (short) 3, CORRELATION.incrementAndGet(),
                    new ApiVersionsRequestData().setClientSoftwareName("bystander").setClientSoftwareVersion("1"));
            assertThat(bystander.receive()).isPresent();
        }
        assertThat(readAll(broker, topic.name(), 0, 2)).containsExactly("0:before-0", "1:before-1");
    }

    private record Topic(String name, Uuid id) {}

    private static Topic createTopic(String name) throws Exception {
        Clients.createTopic(admin, name, 2, Map.of("max.message.bytes", "1024"));
        Uuid id = admin.describeTopics(List.of(name)).allTopicNames().get().get(name).topicId();
        return new Topic(name, id);
    }

    private static ByteBuffer records(String prefix, int count) {
        return MemoryRecords.withRecords(Compression.NONE, BadBatch.records(prefix, count)).buffer();
    }

    private static long logEndOffset(String topic, int partition) throws Exception {
        TopicPartition tp = new TopicPartition(topic, partition);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
    }

    /** Produce v13 names topics by id, older versions by name. */
    private static ProduceRequestData request(Topic topic, short version, short acks, Map<Integer, ByteBuffer> partitions) {
        List<PartitionProduceData> data = new ArrayList<>();
        new TreeMap<>(partitions).forEach((partition, bytes) -> data.add(new PartitionProduceData()
                .setIndex(partition).setRecords(MemoryRecords.readableRecords(bytes.duplicate()))));
        TopicProduceData topicData = new TopicProduceData().setPartitionData(data);
        if (version >= 13) {
            topicData.setTopicId(topic.id());
        } else {
            topicData.setName(topic.name());
        }
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(topicData);
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(10_000).setTopicData(topics);
    }

    private static Map<Integer, PartitionProduceResponse> produce(RawConnection connection, Topic topic, short version,
            short acks, Map<Integer, ByteBuffer> partitions) throws IOException {
        int correlationId = CORRELATION.incrementAndGet();
        connection.send(ApiKeys.PRODUCE, version, correlationId, request(topic, version, acks, partitions));
        ByteBuffer frame = connection.receive().orElseThrow(() -> new AssertionError("the broker closed the connection"));
        assertThat(RawConnection.readResponseHeader(frame, ApiKeys.PRODUCE.responseHeaderVersion(version)).correlationId())
                .isEqualTo(correlationId);
        ProduceResponseData response = new ProduceResponseData(new ByteBufferAccessor(frame), version);
        Map<Integer, PartitionProduceResponse> byPartition = new TreeMap<>();
        response.responses().forEach(topicResponse -> topicResponse.partitionResponses()
                .forEach(partition -> byPartition.put(partition.index(), partition)));
        assertThat(byPartition.keySet()).isEqualTo(partitions.keySet());
        return byPartition;
    }

    /** "offset:value" of every record in the partition, read with CRC checks on. */
    private static List<String> readAll(TestBroker broker, String topic, int partition, int expected) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(broker.bootstrapServers(), Map.of(
                ConsumerConfig.CHECK_CRCS_CONFIG, "true",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100"))) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.offset() + ":" + record.value());
                }
                return values.size() >= expected && consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp);
            });
            return values;
        }
    }
}
