package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "log.retention.check.interval.ms", value = "200")
class RetentionIT {
    @Test
    void recordsOlderThanRetentionMsAreDeletedSegmentBySegment(TestBroker broker) throws Exception {
        TopicPartition partition = new TopicPartition("expiring", 0);
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            // Given a topic with small segments that keeps records for one hour
            Clients.createTopic(admin, "expiring", 1, Map.of("segment.bytes", "2048", "retention.ms", "3600000"));
            // When records stamped two hours ago fill several segments, followed by fresh ones
            long twoHoursAgo = System.currentTimeMillis() - 7_200_000L;
            try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrapServers(),
                    Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"))) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("expiring", 0, twoHoursAgo, null, "old-" + "x".repeat(200) + i)).get();
                }
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("expiring", 0, null, null, "fresh-" + i)).get();
                }
            }
            // Then the old segments go, the fresh records stay
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset())
                            .isGreaterThan(50));
            assertThat(admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset())
                    .isEqualTo(105);
        }
    }
}
