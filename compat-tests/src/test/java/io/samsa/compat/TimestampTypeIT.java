package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

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
