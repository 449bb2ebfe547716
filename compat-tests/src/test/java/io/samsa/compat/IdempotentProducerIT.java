package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The idempotent producer: kafka-clients' default settings, and the sequence rules at the wire. */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
class IdempotentProducerIT {
    private static final short PRODUCE_VERSION = 11;

    @Test
    void theDefaultJavaProducerWorksUnchanged(TestBroker broker) throws Exception {
        // Given kafka-clients' defaults: enable.idempotence=true, acks=all
        Clients.createTopic(broker.bootstrapServers(), "defaults", 1);
        try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrapServers(), Map.of())) {
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>("defaults", "k" + i, "v" + i));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = Clients.consumer(broker.bootstrapServers(), Map.of())) {
            List<String> values = Clients.readFromStart(consumer, List.of(new TopicPartition("defaults", 0)), 500,
                    Duration.ofSeconds(30)).stream().map(ConsumerRecord::value).toList();
            assertThat(values).hasSize(500).startsWith("v0", "v1").endsWith("v499");
        }
    }

    @Test
    void aRetriedBatchIsStoredOnceAndASkippedSequenceIsRefused(TestBroker broker) throws Exception {
        Clients.createTopic(broker.bootstrapServers(), "sequences", 1);
        try (RawConnection connection = new RawConnection(broker.address())) {
            long producerId = initProducerId(connection);
            // When the same batch (sequence 0-1) arrives twice
            ProduceResponseData.PartitionProduceResponse first = produce(connection, "sequences", 10, producerId, (short) 0, 0, "a", "b");
            ProduceResponseData.PartitionProduceResponse retry = produce(connection, "sequences", 11, producerId, (short) 0, 0, "a", "b");
            // Then the retry is answered with the original offsets and nothing new is stored
            assertThat(first.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(retry.baseOffset()).isEqualTo(first.baseOffset()).isZero();
            ProduceResponseData.PartitionProduceResponse next = produce(connection, "sequences", 12, producerId, (short) 0, 2, "c");
            assertThat(next.baseOffset()).isEqualTo(2);
            // And a batch that skips sequence 3 is refused
            ProduceResponseData.PartitionProduceResponse gap = produce(connection, "sequences", 13, producerId, (short) 0, 5, "x");
            assertThat(gap.errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
            // A new epoch must start at sequence 0; an older epoch is fenced afterwards
            assertThat(produce(connection, "sequences", 14, producerId, (short) 1, 7, "y").errorCode())
                    .isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
            assertThat(produce(connection, "sequences", 15, producerId, (short) 1, 0, "z").errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(produce(connection, "sequences", 16, producerId, (short) 0, 3, "old").errorCode())
                    .isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        }
    }

    @Test
    void stateAndProducerIdsSurviveARestart(TestBroker broker) throws Exception {
        Clients.createTopic(broker.bootstrapServers(), "restarts", 1);
        long before;
        try (RawConnection connection = new RawConnection(broker.address())) {
            before = initProducerId(connection);
            assertThat(produce(connection, "restarts", 1, before, (short) 0, 0, "a").errorCode()).isEqualTo(Errors.NONE.code());
        }
        // When the broker restarts
        broker.restart();
        try (RawConnection connection = new RawConnection(broker.address())) {
            // Then a retry of the stored batch is still recognised as a duplicate
            var retry = produce(connection, "restarts", 2, before, (short) 0, 0, "a");
            assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(retry.baseOffset()).isZero();
            // And a new producer never gets an id handed out before
            assertThat(initProducerId(connection)).isGreaterThan(before);
        }
    }

    private static long initProducerId(RawConnection connection) throws IOException {
        InitProducerIdResponseData response = connection.initIdempotentProducer();
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.producerEpoch()).isZero();
        return response.producerId();
    }

    private static ProduceResponseData.PartitionProduceResponse produce(RawConnection connection, String topicName,
            int correlationId, long producerId, short epoch, int sequence, String... values) throws IOException {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes());
        }
        MemoryRecords batch = MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, sequence, records);
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
        var topic = new ProduceRequestData.TopicProduceData().setName(topicName);
        request.topicData().add(topic);
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(batch));
        connection.send(ApiKeys.PRODUCE, PRODUCE_VERSION, correlationId, request);
        ByteBuffer frame = connection.receive().orElseThrow();
        RawConnection.readResponseHeader(frame, ApiKeys.PRODUCE.responseHeaderVersion(PRODUCE_VERSION));
        var response = new ProduceResponseData(new ByteBufferAccessor(frame), PRODUCE_VERSION);
        return response.responses().iterator().next().partitionResponses().get(0);
    }
}
