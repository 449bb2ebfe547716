package io.samsa.compat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

/** What the transaction ITs do again and again with kafka-clients. */
final class Transactions {
    private Transactions() {}

    /** A transactional producer, already initialized (initTransactions). */
    static KafkaProducer<String, String> producer(String bootstrap, String transactionalId, Map<String, ?> settings) {
        Map<String, Object> config = new java.util.HashMap<>(settings);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<String, String> producer = Clients.producer(bootstrap, config);
        producer.initTransactions();
        return producer;
    }

    static KafkaConsumer<String, String> consumer(String bootstrap, String isolation) {
        return Clients.consumer(bootstrap, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    /**
     * The values a consumer of {@code isolation} reads from the start of {@code partitions}, once
     * it has read up to their log end offsets (so once every marker is written, for read_committed,
     * whose position cannot pass an open transaction).
     */
    static List<String> values(String bootstrap, String isolation, List<TopicPartition> partitions, Duration timeout) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, isolation);
                KafkaConsumer<String, String> ends = consumer(bootstrap, "read_uncommitted")) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(timeout).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(record.value()));
                Map<TopicPartition, Long> logEnds = ends.endOffsets(partitions);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= logEnds.get(partition));
            });
        }
        return values;
    }
}
