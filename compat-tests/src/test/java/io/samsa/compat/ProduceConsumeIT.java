package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kafka-clients 4.x producer, consumer (manual assignment) and admin against an in-process broker. */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
class ProduceConsumeIT {
    private static KafkaProducer<String, String> producer(TestBroker broker, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.LINGER_MS_CONFIG, "5"));
        settings.putAll(extra);
        return Clients.producer(broker.bootstrapServers(), settings);
    }

    private static KafkaConsumer<String, String> consumer(TestBroker broker) {
        return Clients.consumer(broker.bootstrapServers(), Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200"));
    }

    private static List<ConsumerRecord<String, String>> readAll(TestBroker broker, String topic, int partitions, int expected) {
        try (KafkaConsumer<String, String> consumer = consumer(broker)) {
            return Clients.readFromStart(consumer, Clients.partitions(topic, partitions), expected, Duration.ofSeconds(30));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyAcknowledgedRecordIsReadBackWithKeyValueAndHeaders(String compression, TestBroker broker) throws Exception {
        // Given a topic with three partitions
        String topic = "roundtrip-" + compression;
        Clients.createTopic(broker.bootstrapServers(), topic, 3);
        // When 300 keyed records with a header are produced
        Map<String, RecordMetadata> acknowledged = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer(broker, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                ProducerConfig.ACKS_CONFIG, "all"))) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, "key-" + (i % 17), "value-" + i);
                record.headers().add(new RecordHeader("h", ("header-" + i).getBytes(StandardCharsets.UTF_8)));
                sends.add(producer.send(record));
            }
            for (int i = 0; i < sends.size(); i++) {
                acknowledged.put("value-" + i, sends.get(i).get());
            }
        }
        // Then every record comes back once, at the acknowledged partition and offset, with its key and header
        List<ConsumerRecord<String, String>> records = readAll(broker, topic, 3, 300);
        assertThat(records).hasSize(300);
        Map<String, Integer> partitionOfKey = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            RecordMetadata ack = acknowledged.get(record.value());
            assertThat(ack).as(record.value()).isNotNull();
            assertThat(record.partition()).isEqualTo(ack.partition());
            assertThat(record.offset()).isEqualTo(ack.offset());
            int index = Integer.parseInt(record.value().substring("value-".length()));
            assertThat(record.key()).isEqualTo("key-" + (index % 17));
            assertThat(new String(record.headers().lastHeader("h").value(), StandardCharsets.UTF_8)).isEqualTo("header-" + index);
            // Same key, same partition
            assertThat(partitionOfKey.computeIfAbsent(record.key(), key -> record.partition())).isEqualTo(record.partition());
        }
        // And offsets in each partition are dense from 0
        for (int partition = 0; partition < 3; partition++) {
            int p = partition;
            List<Long> offsets = records.stream().filter(r -> r.partition() == p).map(ConsumerRecord::offset).sorted().toList();
            assertThat(offsets).isEqualTo(IntStream.range(0, offsets.size()).mapToObj(Long::valueOf).toList());
        }
    }

    @Test
    void acksZeroAndOneAreAnswered(TestBroker broker) throws Exception {
        Clients.createTopic(broker.bootstrapServers(), "acks", 1);
        for (String acks : List.of("0", "1")) {
            try (KafkaProducer<String, String> producer = producer(broker, Map.of(ProducerConfig.ACKS_CONFIG, acks))) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("acks", "acks-" + acks + "-" + i)).get();
                }
            }
        }
        assertThat(readAll(broker, "acks", 1, 20)).extracting(ConsumerRecord::value).hasSize(20);
    }

    @Test
    void topicsAreListedDescribedAndTheirOffsetsFound(TestBroker broker) throws Exception {
        // Given
        Clients.createTopic(broker.bootstrapServers(), "described", 2);
        long before;
        try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("described", 0, 1_000L + i, null, "early-" + i)).get();
            }
            before = 2_000L;
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("described", 0, before + i, null, "late-" + i)).get();
            }
        }
        try (Admin admin = Clients.admin(broker.bootstrapServers()); KafkaConsumer<String, String> consumer = consumer(broker)) {
            // Then
            assertThat(admin.listTopics().names().get()).contains("described");
            TopicDescription description = admin.describeTopics(List.of("described")).allTopicNames().get().get("described");
            assertThat(description.partitions()).hasSize(2);
            assertThat(description.partitions().get(0).leader().id()).isEqualTo(broker.nodeId());
            assertThat(description.topicId()).isNotNull();
            TopicPartition p0 = new TopicPartition("described", 0);
            assertThat(admin.listOffsets(Map.of(p0, OffsetSpec.earliest())).all().get().get(p0).offset()).isZero();
            assertThat(admin.listOffsets(Map.of(p0, OffsetSpec.latest())).all().get().get(p0).offset()).isEqualTo(10);
            var maxTs = admin.listOffsets(Map.of(p0, OffsetSpec.maxTimestamp())).all().get().get(p0);
            assertThat(maxTs.offset()).isEqualTo(9);
            assertThat(maxTs.timestamp()).isEqualTo(before + 4);
            Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(Map.of(p0, before));
            assertThat(byTime.get(p0).offset()).isEqualTo(5);
            assertThat(consumer.offsetsForTimes(Map.of(p0, 99_999L)).get(p0)).isNull();
        }
    }

    @Test
    void createTopicsReportsKafkasErrors(TestBroker broker) throws Exception {
        Clients.createTopic(broker.bootstrapServers(), "exists", 1);
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("exists", 1, (short) 1))).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicExistsException.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("rf3", 1, (short) 3))).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidReplicationFactorException.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("badconfig", 1, (short) 1)
                    .configs(Map.of("retention.mss", "1")))).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidConfigurationException.class);
            // validate-only creates nothing
            admin.createTopics(List.of(new NewTopic("dry-run", 4, (short) 1)),
                    new org.apache.kafka.clients.admin.CreateTopicsOptions().validateOnly(true)).all().get();
            assertThat(admin.listTopics().names().get()).doesNotContain("dry-run");
            // -1 means the broker defaults
            admin.createTopics(List.of(new NewTopic("defaults", java.util.Optional.empty(), java.util.Optional.empty()))).all().get();
            assertThat(admin.describeTopics(Set.of("defaults")).allTopicNames().get().get("defaults").partitions()).hasSize(1);
        }
    }

    @Test
    void aDeletedTopicIsGoneAndARecreatedOneStartsEmpty(TestBroker broker) throws Exception {
        // Given a topic with data
        Clients.createTopic(broker.bootstrapServers(), "short-lived", 1);
        try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
            producer.send(new ProducerRecord<>("short-lived", "old")).get();
        }
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            var oldId = admin.describeTopics(List.of("short-lived")).allTopicNames().get().get("short-lived").topicId();
            // When it is deleted
            admin.deleteTopics(List.of("short-lived")).all().get();
            // Then it is no longer listed, and deleting it again is an unknown topic
            assertThat(admin.listTopics().names().get()).doesNotContain("short-lived");
            assertThatThrownBy(() -> admin.deleteTopics(List.of("short-lived")).all().get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.UnknownTopicOrPartitionException.class);
            // And a topic re-created under the same name is a new, empty one
            Clients.createTopic(broker.bootstrapServers(), "short-lived", 1);
            var newId = admin.describeTopics(List.of("short-lived")).allTopicNames().get().get("short-lived").topicId();
            assertThat(newId).isNotEqualTo(oldId);
            TopicPartition p0 = new TopicPartition("short-lived", 0);
            assertThat(admin.listOffsets(Map.of(p0, OffsetSpec.latest())).all().get().get(p0).offset()).isZero();
        }
    }

    @Test
    void producingToANewTopicCreatesItAutomatically(TestBroker broker) throws Exception {
        try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
            RecordMetadata metadata = producer.send(new ProducerRecord<>("auto-created", "hello")).get();
            assertThat(metadata.offset()).isZero();
        }
        assertThat(readAll(broker, "auto-created", 1, 1)).extracting(ConsumerRecord::value).containsExactly("hello");
    }
}
