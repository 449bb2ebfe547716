package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** message.timestamp.type: the producer's CreateTime kept as sent, or the broker's LogAppendTime stamped on append. */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
class TimestampTypeIT {
    private static final long OLD = 1_000_000L;

    @Test
    void logAppendTimeTopicsCarryTheBrokersTimeCreateTimeTopicsTheProducers(TestBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("appended", 1, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime")),
                    new NewTopic("created", 1, (short) 1))).all().get();
        }
        long before = System.currentTimeMillis();
        RecordMetadata appended;
        RecordMetadata created;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            appended = producer.send(new ProducerRecord<>("appended", 0, OLD, null, "a")).get();
            created = producer.send(new ProducerRecord<>("created", 0, OLD, null, "c")).get();
        }
        long after = System.currentTimeMillis();
        // The producer learns the broker's time from the produce response
        assertThat(appended.timestamp()).isBetween(before, after);
        assertThat(created.timestamp()).isEqualTo(OLD);
        ConsumerRecord<String, String> appendedRecord = readOne(broker, "appended");
        assertThat(appendedRecord.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(appendedRecord.timestamp()).isEqualTo(appended.timestamp());
        ConsumerRecord<String, String> createdRecord = readOne(broker, "created");
        assertThat(createdRecord.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(createdRecord.timestamp()).isEqualTo(OLD);
    }

    @Test
    void timestampsTooFarInTheFutureAreRefused(TestBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("bounded", 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            long twoHoursAhead = System.currentTimeMillis() + 7_200_000L;
            // log.message.timestamp.after.max.ms defaults to one hour, as in Kafka 4
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("bounded", 0, twoHoursAhead, null, "late")).get())
                    .hasCauseInstanceOf(InvalidTimestampException.class);
            assertThat(producer.send(new ProducerRecord<>("bounded", 0, null, null, "now")).get().offset()).isZero();
        }
    }

    @Test
    void aTopicsCompressionTypeIsWhatIsStored(TestBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("zstd-topic", 1, (short) 1).configs(Map.of("compression.type", "zstd"))))
                    .all().get();
        }
        // Given an uncompressed producer
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>("zstd-topic", "k", "stored compressed")).get();
        }
        // Then the batch a raw fetch returns is zstd, and a consumer reads the record unchanged
        try (RawConnection connection = new RawConnection(broker.address())) {
            short version = 12;
            var request = new org.apache.kafka.common.message.FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMaxBytes(1 << 20)
                    .setSessionEpoch(-1).setTopics(List.of(new org.apache.kafka.common.message.FetchRequestData.FetchTopic()
                            .setTopic("zstd-topic").setPartitions(List.of(new org.apache.kafka.common.message.FetchRequestData.FetchPartition()
                                    .setPartition(0).setFetchOffset(0).setPartitionMaxBytes(1 << 20)))));
            connection.send(org.apache.kafka.common.protocol.ApiKeys.FETCH, version, 3, request);
            var frame = connection.receive().orElseThrow();
            RawConnection.readResponseHeader(frame, org.apache.kafka.common.protocol.ApiKeys.FETCH.responseHeaderVersion(version));
            var response = new org.apache.kafka.common.message.FetchResponseData(
                    new org.apache.kafka.common.protocol.ByteBufferAccessor(frame), version);
            var records = (org.apache.kafka.common.record.internal.MemoryRecords) response.responses().get(0).partitions().get(0).records();
            assertThat(records.batches()).singleElement().satisfies(batch ->
                    assertThat(batch.compressionType()).isEqualTo(org.apache.kafka.common.record.internal.CompressionType.ZSTD));
        }
        assertThat(readOne(broker, "zstd-topic").value()).isEqualTo("stored compressed");
    }

    private static ConsumerRecord<String, String> readOne(TestBroker broker, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(1);
            return records.getFirst();
        }
    }
}
