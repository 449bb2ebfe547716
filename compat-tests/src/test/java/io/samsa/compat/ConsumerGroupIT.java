package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.compat.GroupMembers.Ledger;
import io.samsa.compat.GroupMembers.Member;
import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kafka-clients 4.3.1 consumers with the classic group protocol: members join and leave a group
 * (eager range and cooperative-sticky assignment), two groups read one topic independently, and a
 * static member restarts without a rebalance.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.initial.rebalance.delay.ms", value = "0")
class ConsumerGroupIT {
    private static final int PARTITIONS = 6;

    private static Admin admin(TestBroker broker) {
        return Clients.admin(broker.bootstrapServers());
    }

    private static void createTopic(TestBroker broker, String topic, int partitions) throws Exception {
        Clients.createTopic(broker.bootstrapServers(), topic, partitions);
    }

    private static void awaitConsumed(Ledger ledger, List<String> produced) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.consumedAll(produced));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {RangeAssignor.class, CooperativeStickyAssignor.class})
    void membersJoiningAndLeavingShareThePartitionsAndConsumeEveryRecordOnce(Class<?> assignor, TestBroker broker)
            throws Exception {
        // Given a topic of six partitions and one member of a group
        String topic = "members-" + assignor.getSimpleName();
        String group = "group-" + assignor.getSimpleName();
        createTopic(broker, topic, PARTITIONS);
        Ledger ledger = new Ledger();
        Map<String, Object> config = GroupMembers.consumerConfig(broker, group, assignor.getName());
        List<String> produced = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        try {
            members.add(new Member("m1", config, topic, ledger));
            ledger.awaitOwners(topic, PARTITIONS, members, true);
            produced.addAll(GroupMembers.produce(broker, topic, PARTITIONS, "one", 60));
            awaitConsumed(ledger, produced);
            // When a second and a third member join, records flowing in between
            for (String name : List.of("m2", "m3")) {
                members.add(new Member(name, config, topic, ledger));
                ledger.awaitOwners(topic, PARTITIONS, members, true);
                produced.addAll(GroupMembers.produce(broker, topic, PARTITIONS, name, 60));
                awaitConsumed(ledger, produced);
            }
            assertThat(members).allSatisfy(member -> assertThat(member.assignment()).hasSize(2));
            // And they leave again, one by one
            while (members.size() > 1) {
                Member leaving = members.removeLast();
                leaving.close();
                assertThat(leaving.failure()).isNull();
                ledger.awaitOwners(topic, PARTITIONS, members, true);
                produced.addAll(GroupMembers.produce(broker, topic, PARTITIONS, "after-" + leaving.name, 60));
                awaitConsumed(ledger, produced);
            }
        } finally {
            for (Member member : members) {
                member.close();
            }
        }
        // Then every record was consumed exactly once, by the partition's only owner at the time
        assertThat(members).allSatisfy(member -> assertThat(member.failure()).isNull());
        assertThat(ledger.violations()).isEmpty();
        assertThat(ledger.counts()).hasSize(produced.size()).allSatisfy((value, count) -> assertThat(count).as(value).isEqualTo(1));
        // And the group's committed offsets are the log end offsets
        try (Admin admin = admin(broker)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            var ends = admin.listOffsets(committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get();
            assertThat(committed).hasSize(PARTITIONS);
            committed.forEach((partition, offset) -> assertThat(offset.offset()).isEqualTo(ends.get(partition).offset()));
        }
    }

    @Test
    void aMemberThatVanishesIsRemovedWhenItsSessionTimesOut(TestBroker broker) throws Exception {
        // Given two members sharing a topic
        String topic = "vanishing";
        createTopic(broker, topic, PARTITIONS);
        Ledger ledger = new Ledger();
        Map<String, Object> config = GroupMembers.consumerConfig(broker, "vanishing", RangeAssignor.class.getName());
        try (Member survivor = new Member("survivor", config, topic, ledger)) {
            Member doomed = new Member("doomed", config, topic, ledger);
            ledger.awaitOwners(topic, PARTITIONS, List.of(survivor, doomed), true);
            List<String> before = GroupMembers.produce(broker, topic, PARTITIONS, "before", 60);
            awaitConsumed(ledger, before);
            // When one stops without leaving the group (as a killed process would)
            long stopped = System.nanoTime();
            doomed.vanish();
            // Then after its session timeout (6 s) the survivor owns every partition and reads what follows
            ledger.awaitOwners(topic, PARTITIONS, List.of(survivor), true);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isGreaterThan(Duration.ofSeconds(4));
            List<String> after = GroupMembers.produce(broker, topic, PARTITIONS, "after", 60);
            awaitConsumed(ledger, after);
            assertThat(ledger.violations()).isEmpty();
            assertThat(ledger.counts()).hasSize(120).allSatisfy((value, count) -> assertThat(count).as(value).isEqualTo(1));
        }
    }

    @Test
    void twoGroupsReadTheSameTopicIndependently(TestBroker broker) throws Exception {
        // Given a topic with records
        String topic = "shared";
        createTopic(broker, topic, 3);
        List<String> first = GroupMembers.produce(broker, topic, 3, "first", 50);
        Ledger red = new Ledger();
        Ledger blue = new Ledger();
        // When a member of each group reads it
        try (Member redMember = new Member("red", GroupMembers.consumerConfig(broker, "red", RangeAssignor.class.getName()), topic, red);
                Member blueMember = new Member("blue", GroupMembers.consumerConfig(broker, "blue", RangeAssignor.class.getName()), topic, blue)) {
            // Then each gets every record
            await().atMost(Duration.ofSeconds(20)).until(() -> red.consumedAll(first) && blue.consumedAll(first));
        }
        assertThat(red.counts()).hasSize(50);
        assertThat(blue.counts()).hasSize(50);
        // When more records arrive and only the red group reads again
        List<String> second = GroupMembers.produce(broker, topic, 3, "second", 10);
        Ledger redAgain = new Ledger();
        try (Member redMember = new Member("red-2", GroupMembers.consumerConfig(broker, "red", RangeAssignor.class.getName()), topic, redAgain)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> redAgain.consumedAll(second));
        }
        // Then red resumes from its own commits, and blue's commits did not move
        assertThat(redAgain.counts()).containsOnlyKeys(second);
        try (Admin admin = admin(broker)) {
            long red2 = admin.listConsumerGroupOffsets("red").partitionsToOffsetAndMetadata().get().values().stream()
                    .mapToLong(OffsetAndMetadata::offset).sum();
            long blue2 = admin.listConsumerGroupOffsets("blue").partitionsToOffsetAndMetadata().get().values().stream()
                    .mapToLong(OffsetAndMetadata::offset).sum();
            assertThat(red2).isEqualTo(60);
            assertThat(blue2).isEqualTo(50);
        }
    }

    @Test
    void aStaticMemberRestartingWithinItsSessionTimeoutCausesNoRebalance(TestBroker broker) throws Exception {
        // Given two static members in a Stable group
        String topic = "static";
        createTopic(broker, topic, 4);
        Ledger ledger = new Ledger();
        Map<String, Object> config = GroupMembers.consumerConfig(broker, "statics", RangeAssignor.class.getName());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
        Map<String, Object> configA = new java.util.HashMap<>(config);
        configA.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-a");
        Map<String, Object> configB = new java.util.HashMap<>(config);
        configB.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-b");
        try (Member a = new Member("a", configA, topic, ledger)) {
            Member b = new Member("b", configB, topic, ledger);
            await().atMost(Duration.ofSeconds(20)).until(() -> a.assignment().size() == 2 && b.assignment().size() == 2);
            int generation = a.generation();
            int callbacksOfA = a.assignmentCallbacks();
            Set<TopicPartition> partitionsOfB = b.assignment();
            assertThat(b.generation()).isEqualTo(generation);
            // When b's process stops (a static member does not leave the group) and starts again
            b.close();
            Member restarted = new Member("b", configB, topic, ledger);
            try {
                // Then it gets its partitions back in the same generation, and a never rebalanced
                await().atMost(Duration.ofSeconds(20)).until(() -> restarted.assignment().equals(partitionsOfB));
                assertThat(restarted.generation()).isEqualTo(generation);
                List<String> produced = GroupMembers.produce(broker, topic, 4, "after-restart", 40);
                await().atMost(Duration.ofSeconds(20)).until(() -> ledger.consumedAll(produced));
                assertThat(a.generation()).isEqualTo(generation);
                assertThat(a.assignmentCallbacks()).isEqualTo(callbacksOfA);
                assertThat(ledger.violations()).isEmpty();
            } finally {
                restarted.close();
            }
            try (Admin admin = admin(broker)) {
                var description = admin.describeConsumerGroups(List.of("statics")).all().get().get("statics");
                assertThat(description.members()).extracting(member -> member.groupInstanceId().orElseThrow())
                        .containsExactlyInAnyOrder("instance-a", "instance-b");
            }
        }
    }
}
