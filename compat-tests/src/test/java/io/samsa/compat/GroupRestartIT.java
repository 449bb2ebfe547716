package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.compat.GroupMembers.Ledger;
import io.samsa.compat.GroupMembers.Member;
import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Groups and committed offsets are records in __consumer_offsets: a restarted broker has them
 * all (metadata strings included), deleted ones stay deleted, and consumers resume where they
 * committed.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.initial.rebalance.delay.ms", value = "0")
class GroupRestartIT {
    private static final String TOPIC = "durable";

    private static Admin admin(TestBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @Test
    void committedOffsetsAndGroupsSurviveABrokerRestart(TestBroker broker) throws Exception {
        // Given 15 records in each of two partitions, a group that committed part of them through a consumer,
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        try (Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
        List<String> produced = GroupMembers.produce(broker, TOPIC, 2, "v", 30);
        Map<String, Object> config = GroupMembers.consumerConfig(broker, "resuming", RangeAssignor.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 2;
            });
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(10, "checkpoint-0"), p1, new OffsetAndMetadata(5, "checkpoint-1")));
        }
        // an offsets-only group, a deleted group and a deleted offset
        Map<TopicPartition, OffsetAndMetadata> before;
        try (Admin admin = admin(broker)) {
            admin.alterConsumerGroupOffsets("tool", Map.of(p0, new OffsetAndMetadata(1, "by-tool"), p1, new OffsetAndMetadata(2))).all().get();
            admin.alterConsumerGroupOffsets("gone", Map.of(p0, new OffsetAndMetadata(7))).all().get();
            admin.deleteConsumerGroups(List.of("gone")).all().get();
            admin.deleteConsumerGroupOffsets("tool", java.util.Set.of(p1)).all().get();
            before = admin.listConsumerGroupOffsets("resuming").partitionsToOffsetAndMetadata().get();
        }
        assertThat(before).containsEntry(p0, new OffsetAndMetadata(10, "checkpoint-0"));

        // When the broker restarts
        broker.restart();

        // Then everything committed is back, as committed
        try (Admin admin = admin(broker)) {
            assertThat(admin.listConsumerGroupOffsets("resuming").partitionsToOffsetAndMetadata().get()).isEqualTo(before);
            assertThat(admin.listConsumerGroupOffsets("tool").partitionsToOffsetAndMetadata().get())
                    .containsExactly(Map.entry(p0, new OffsetAndMetadata(1, "by-tool")));
            assertThat(admin.listConsumerGroupOffsets("gone").partitionsToOffsetAndMetadata().get()).isEmpty();
            var listed = admin.listGroups().all().get();
            assertThat(listed).extracting(GroupListing::groupId).contains("resuming", "tool").doesNotContain("gone");
            assertThat(listed).filteredOn(group -> group.groupId().equals("resuming")).singleElement()
                    .satisfies(group -> {
                        assertThat(group.groupState()).contains(GroupState.EMPTY);
                        assertThat(group.protocol()).isEqualTo("consumer");
                    });
        }
        // And a consumer of the group resumes at the committed offsets
        Ledger ledger = new Ledger();
        List<String> rest = produced.stream().filter(value -> {
            int n = Integer.parseInt(value.substring(2));
            return n % 2 == 0 ? n / 2 >= 10 : n / 2 >= 5;
        }).toList();
        try (Member member = new Member("resumed", GroupMembers.consumerConfig(broker, "resuming", RangeAssignor.class.getName()),
                TOPIC, ledger)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ledger.consumedAll(rest));
        }
        assertThat(ledger.counts()).containsOnlyKeys(rest);

        // And what is committed after the restart survives the next one
        broker.restart();
        try (Admin admin = admin(broker)) {
            assertThat(admin.listConsumerGroupOffsets("resuming").partitionsToOffsetAndMetadata().get())
                    .containsEntry(p0, new OffsetAndMetadata(15, "")).containsEntry(p1, new OffsetAndMetadata(15, ""));
        }
    }
}
