package io.samsa.compat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The kafka-clients the ITs talk to the broker with, and what they do with them again and again.
 *
 * <p>A client made here gets only what every IT's client has: the bootstrap servers, and String
 * keys and (unless a test names other ones) String values. Every other setting a test relies on
 * is passed in by the test, so that it can be read where the client is made.
 */
final class Clients {
    private Clients() {}

    static Admin admin(String bootstrap) {
        return admin(bootstrap, Map.of());
    }

    static Admin admin(String bootstrap, Map<String, ?> settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.putAll(settings);
        return Admin.create(config);
    }

    static KafkaProducer<String, String> producer(String bootstrap, Map<String, ?> settings) {
        return producer(bootstrap, StringSerializer.class, settings);
    }

    static <V> KafkaProducer<String, V> producer(String bootstrap, Class<? extends Serializer<V>> valueSerializer,
            Map<String, ?> settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
        config.putAll(settings);
        return new KafkaProducer<>(config);
    }

    static KafkaConsumer<String, String> consumer(String bootstrap, Map<String, ?> settings) {
        return consumer(bootstrap, StringDeserializer.class, settings);
    }

    static <V> KafkaConsumer<String, V> consumer(String bootstrap, Class<? extends Deserializer<V>> valueDeserializer,
            Map<String, ?> settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
        config.putAll(settings);
        return new KafkaConsumer<>(config);
    }

    /** Creates a topic with an Admin of its own, for tests that need no Admin otherwise. */
    static void createTopic(String bootstrap, String name, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            createTopic(admin, name, partitions);
        }
    }

    static void createTopic(Admin admin, String name, int partitions) throws Exception {
        createTopic(admin, name, partitions, Map.of());
    }

    /** Creates a topic with these configs and waits until the broker has; replication factor 1, as there is one broker. */
    static void createTopic(Admin admin, String name, int partitions, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
    }

    /** Partitions 0 to {@code count - 1} of {@code topic}. */
    static List<TopicPartition> partitions(String topic, int count) {
        return IntStream.range(0, count).mapToObj(partition -> new TopicPartition(topic, partition)).toList();
    }

    /**
     * Polls until {@code expected} records have come or {@code timeout} has passed, and returns what
     * came: fewer records than expected are the caller's to assert on, not a failure here.
     */
    static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, int expected, Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** Assigns {@code partitions} to the consumer, and {@link #poll}s them from their beginning. */
    static <K, V> List<ConsumerRecord<K, V>> readFromStart(KafkaConsumer<K, V> consumer, List<TopicPartition> partitions,
            int expected, Duration timeout) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return poll(consumer, expected, timeout);
    }

    /**
     * Reads {@code partitions} from their beginning up to the end offsets they have when reading
     * starts, handing every record to {@code each}; fails if that takes longer than {@code timeout}.
     * For tests that do not know how many records there are (a crash may have cut or doubled some).
     */
    static <K, V> void readToEnd(KafkaConsumer<K, V> consumer, List<TopicPartition> partitions, Duration timeout,
            Consumer<ConsumerRecord<K, V>> each) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        await().atMost(timeout).pollDelay(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(each);
            return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
        });
    }
}
