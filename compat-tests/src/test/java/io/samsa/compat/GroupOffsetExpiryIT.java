package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.compat.GroupMembers.Ledger;
import io.samsa.compat.GroupMembers.Member;
import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Committed offsets that nobody needs are removed, as Kafka removes them: after
 * {@code offsets.retention.minutes} for an empty group (and the group with them), never while a
 * member subscribes to the topic, and at once when their topic is deleted; a restarted broker
 * agrees.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.initial.rebalance.delay.ms", value = "0")
class GroupOffsetExpiryIT {
    private static final String TOPIC = "expiring";

    /** The system clock, plus a shift the test adds to (the broker's wall clock jumps ahead). */
    private static final class ShiftedClock extends Clock {
        private final AtomicLong shiftMs = new AtomicLong();

        void advance(Duration duration) {
            shiftMs.addAndGet(duration.toMillis());
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + shiftMs.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static Admin admin(TestBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static List<String> groups(Admin admin) throws Exception {
        return admin.listGroups().all().get().stream().map(GroupListing::groupId).sorted().toList();
    }

    @Test
    void offsetsOfEmptyGroupsExpireAfterTheRetentionAndThoseOfSubscribedMembersStay() throws Exception {
        ShiftedClock clock = new ShiftedClock();
        try (TestBroker broker = TestBroker.start(Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "offsets.retention.minutes", "1",
                "offsets.retention.check.interval.ms", "200"), clock);
                Admin admin = admin(broker)) {
            // Given a group whose member committed and left, a group of simple (admin) commits,
            // and a group whose member is still subscribed
            TopicPartition p0 = new TopicPartition(TOPIC, 0);
            TopicPartition p1 = new TopicPartition(TOPIC, 1);
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            List<String> produced = GroupMembers.produce(broker, TOPIC, 2, "v", 20);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    GroupMembers.consumerConfig(broker, "left", RangeAssignor.class.getName()))) {
                consumer.subscribe(List.of(TOPIC));
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    consumer.poll(Duration.ofMillis(100));
                    return consumer.assignment().size() == 2;
                });
                consumer.commitSync(Map.of(p0, new OffsetAndMetadata(3), p1, new OffsetAndMetadata(4)));
            }
            admin.alterConsumerGroupOffsets("simple", Map.of(p0, new OffsetAndMetadata(7))).all().get();
            Ledger ledger = new Ledger();
            try (Member member = new Member("stays", GroupMembers.consumerConfig(broker, "active",
                    RangeAssignor.class.getName()), TOPIC, ledger)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> ledger.consumedAll(produced));
                assertThat(groups(admin)).containsExactly("active", "left", "simple");
                // When the retention passes (the broker's clock jumps two minutes ahead)
                clock.advance(Duration.ofMinutes(2));
                // Then the empty groups and their offsets are gone; the active group keeps its offsets
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(groups(admin)).containsExactly("active"));
                assertThat(admin.listConsumerGroupOffsets("left").partitionsToOffsetAndMetadata().get()).isEmpty();
                assertThat(admin.listConsumerGroupOffsets("simple").partitionsToOffsetAndMetadata().get()).isEmpty();
                assertThat(admin.listConsumerGroupOffsets("active").partitionsToOffsetAndMetadata().get())
                        .containsOnlyKeys(p0, p1)
                        .allSatisfy((partition, offset) -> assertThat(offset.offset()).isEqualTo(10));
                assertThat(member.failure()).isNull();
            }
            // And a restarted broker replays the tombstones: the expired groups stay gone
            broker.restart();
            try (Admin restarted = admin(broker)) {
                assertThat(groups(restarted)).containsExactly("active");
                assertThat(restarted.listConsumerGroupOffsets("left").partitionsToOffsetAndMetadata().get()).isEmpty();
                assertThat(restarted.listConsumerGroupOffsets("active").partitionsToOffsetAndMetadata().get()).hasSize(2);
            }
        }
    }

    @Test
    void deletingATopicRemovesItsCommittedOffsets(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            // Given a group with committed offsets for two topics
            admin.createTopics(List.of(new NewTopic("doomed", 2, (short) 1), new NewTopic("kept", 1, (short) 1))).all().get();
            TopicPartition doomed0 = new TopicPartition("doomed", 0);
            TopicPartition doomed1 = new TopicPartition("doomed", 1);
            TopicPartition kept = new TopicPartition("kept", 0);
            admin.alterConsumerGroupOffsets("owner", Map.of(doomed0, new OffsetAndMetadata(0),
                    doomed1, new OffsetAndMetadata(0), kept, new OffsetAndMetadata(0))).all().get();
            // When one topic is deleted
            admin.deleteTopics(List.of("doomed")).all().get();
            // Then its offsets are removed; the group and its other offsets stay, also after a restart
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    admin.listConsumerGroupOffsets("owner").partitionsToOffsetAndMetadata().get()).containsOnlyKeys(kept));
        }
        broker.restart();
        try (Admin admin = admin(broker)) {
            assertThat(admin.listConsumerGroupOffsets("owner").partitionsToOffsetAndMetadata().get().keySet())
                    .containsExactly(new TopicPartition("kept", 0));
            assertThat(admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId)
                    .collect(Collectors.toList())).contains("owner");
        }
    }
}
