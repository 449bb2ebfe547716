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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kafka-clients 4.3.1 consumers with {@code group.protocol=consumer} (KIP-848): members join and
 * leave with server-side assignment and every record is consumed once, no partition is owned by
 * two members at once, committed offsets survive a restart, a regex subscription picks up a
 * topic created later, and Admin describes the group as a CONSUMER group.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.consumer.heartbeat.interval.ms", value = "500")
class ConsumerProtocolGroupIT {
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

    @Test
    void membersJoiningAndLeavingShareThePartitionsAndConsumeEveryRecordOnce(TestBroker broker) throws Exception {
        // Given a topic of six partitions and one member of a consumer group
        String topic = "kip848-members";
        String group = "kip848-group";
        createTopic(broker, topic, PARTITIONS);
        Ledger ledger = new Ledger();
        Map<String, Object> config = GroupMembers.consumerProtocolConfig(broker, group);
        List<String> produced = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        try {
            members.add(new Member("m1", config, topic, ledger));
            ledger.awaitOwners(topic, PARTITIONS, members, false);
            produced.addAll(GroupMembers.produce(broker, topic, PARTITIONS, "one", 60));
            awaitConsumed(ledger, produced);
            // When a second and a third member join, records flowing in between
            for (String name : List.of("m2", "m3")) {
                members.add(new Member(name, config, topic, ledger));
                ledger.awaitOwners(topic, PARTITIONS, members, false);
                produced.addAll(GroupMembers.produce(broker, topic, PARTITIONS, name, 60));
                awaitConsumed(ledger, produced);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(members).allSatisfy(member -> assertThat(member.assignment()).hasSize(2)));
            // Then Admin describes a CONSUMER group of three, with the uniform assignor
            try (Admin admin = admin(broker)) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                assertThat(description.type()).isEqualTo(GroupType.CONSUMER);
                assertThat(description.members()).hasSize(3);
                assertThat(description.partitionAssignor()).isEqualTo("uniform");
                assertThat(admin.listGroups(ListGroupsOptions.forConsumerGroups().withTypes(Set.of(GroupType.CONSUMER)))
                        .all().get()).anySatisfy(listing -> assertThat(listing.groupId()).isEqualTo(group));
            }
            // When they leave again, one by one
            while (members.size() > 1) {
                Member leaving = members.removeLast();
                leaving.close();
                assertThat(leaving.failure()).isNull();
                ledger.awaitOwners(topic, PARTITIONS, members, false);
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
        assertThat(ledger.counts()).hasSize(produced.size())
                .allSatisfy((value, count) -> assertThat(count).as(value).isEqualTo(1));
        // And the group's committed offsets are the log end offsets
        try (Admin admin = admin(broker)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            var ends = admin.listOffsets(committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
            assertThat(committed).hasSize(PARTITIONS);
            committed.forEach((partition, offset) -> assertThat(offset.offset()).isEqualTo(ends.get(partition).offset()));
        }
    }

    @Test
    void committedOffsetsAndTheGroupSurviveARestart(TestBroker broker) throws Exception {
        // Given a member that consumed and committed 60 records
        String topic = "kip848-restart";
        String group = "kip848-restart-group";
        createTopic(broker, topic, PARTITIONS);
        Map<String, Object> config = GroupMembers.consumerProtocolConfig(broker, group);
        Ledger before = new Ledger();
        List<String> first = GroupMembers.produce(broker, topic, PARTITIONS, "before", 60);
        try (Member member = new Member("m1", config, topic, before)) {
            awaitConsumed(before, first);
        }
        // When the broker restarts and more records arrive
        broker.restart();
        List<String> second = GroupMembers.produce(broker, topic, PARTITIONS, "after", 60);
        // Then a new member of the group resumes from the committed offsets: nothing read twice
        Ledger after = new Ledger();
        Map<String, Object> restarted = GroupMembers.consumerProtocolConfig(broker, group);
        try (Member member = new Member("m2", restarted, topic, after)) {
            awaitConsumed(after, second);
            assertThat(after.counts().keySet()).containsExactlyInAnyOrderElementsOf(second);
            assertThat(member.failure()).isNull();
        }
        assertThat(after.violations()).isEmpty();
        try (Admin admin = admin(broker)) {
            assertThat(admin.describeConsumerGroups(List.of(group)).all().get().get(group).type())
                    .isEqualTo(GroupType.CONSUMER);
        }
    }

    @Test
    void aRegexSubscriptionPicksUpATopicCreatedLater(TestBroker broker) throws Exception {
        // Given a consumer subscribed by regex while one matching topic exists
        createTopic(broker, "rx-first", 2);
        Map<String, Object> config = GroupMembers.consumerProtocolConfig(broker, "kip848-regex");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(new SubscriptionPattern("rx-.*"));
            List<String> firstValues = GroupMembers.produce(broker, "rx-first", 2, "first", 10);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> seen.add(record.value()));
                return seen.containsAll(firstValues);
            });
            // When a second matching topic (and one that does not match) is created
            createTopic(broker, "rx-second", 3);
            createTopic(broker, "other-topic", 1);
            List<String> secondValues = GroupMembers.produce(broker, "rx-second", 3, "second", 10);
            GroupMembers.produce(broker, "other-topic", 1, "other", 5);
            // Then the consumer is assigned the new topic's partitions and reads them
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(record.value());
                }
                return seen.containsAll(secondValues);
            });
            assertThat(consumer.assignment()).extracting(TopicPartition::topic).containsOnly("rx-first", "rx-second");
            assertThat(seen).noneMatch(value -> value.startsWith("other"));
        }
    }

    @Test
    void aClassicConsumerCannotJoinAConsumerGroupWithMembers(TestBroker broker) throws Exception {
        // Given a KIP-848 member in a group
        String topic = "kip848-conflict";
        createTopic(broker, topic, PARTITIONS);
        Ledger ledger = new Ledger();
        try (Member member = new Member("m1", GroupMembers.consumerProtocolConfig(broker, "kip848-conflict"), topic,
                ledger)) {
            ledger.awaitOwners(topic, PARTITIONS, List.of(member), false);
            // When a classic consumer subscribes under the same group id
            Map<String, Object> classic = GroupMembers.consumerConfig(broker, "kip848-conflict",
                    org.apache.kafka.clients.consumer.RangeAssignor.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(classic)) {
                consumer.subscribe(List.of(topic));
                // Then its JoinGroup is refused with INCONSISTENT_GROUP_PROTOCOL
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                    for (int i = 0; i < 100; i++) {
                        consumer.poll(Duration.ofMillis(100));
                    }
                }).isInstanceOf(org.apache.kafka.common.errors.InconsistentGroupProtocolException.class);
            }
            assertThat(member.failure()).isNull();
            assertThat(member.assignment()).hasSize(PARTITIONS);
        }
    }

    @Test
    void aStaticMemberRestartingTakesBackItsPartitionsWithoutARebalance(TestBroker broker) throws Exception {
        // Given a static member and a dynamic one sharing a topic
        String topic = "kip848-static";
        String group = "kip848-static-group";
        createTopic(broker, topic, PARTITIONS);
        Ledger ledger = new Ledger();
        Map<String, Object> dynamic = GroupMembers.consumerProtocolConfig(broker, group);
        Map<String, Object> fixed = GroupMembers.consumerProtocolConfig(broker, group);
        fixed.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-1");
        try (Member other = new Member("other", dynamic, topic, ledger)) {
            Member first = new Member("static", fixed, topic, ledger);
            ledger.awaitOwners(topic, PARTITIONS, List.of(first, other), false);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(first.assignment()).hasSize(3));
            Set<TopicPartition> before = first.assignment();
            Set<TopicPartition> othersBefore = other.assignment();
            int otherCallbacks = other.assignmentCallbacks();
            // When the static member closes (a temporary leave, epoch -2) and its instance comes back
            first.close();
            try (Member second = new Member("static-again", fixed, topic, ledger)) {
                // Then it gets the same partitions back and the other member is not disturbed
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(second.assignment()).isEqualTo(before));
                assertThat(other.assignment()).isEqualTo(othersBefore);
                assertThat(other.assignmentCallbacks()).isEqualTo(otherCallbacks);
                List<String> produced = GroupMembers.produce(broker, topic, PARTITIONS, "static", 60);
                awaitConsumed(ledger, produced);
                assertThat(second.failure()).isNull();
            }
        }
        assertThat(ledger.violations()).isEmpty();
    }
}
