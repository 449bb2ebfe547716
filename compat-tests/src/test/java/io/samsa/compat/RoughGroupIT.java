package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.compat.GroupMembers.Ledger;
import io.samsa.compat.GroupMembers.Member;
import io.samsa.compat.GroupMembers.Participant;
import io.samsa.compat.GroupMembers.ProcessMember;
import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A group of up to four members (classic eager range, classic cooperative-sticky, and KIP-848
 * {@code group.protocol=consumer} with server-side assignment) that grows, shrinks
 * and loses a member to a crash (no commit of its last batch, no LeaveGroup): every record is
 * consumed, exactly once except the crashed member's uncommitted batch (twice: its successor
 * resumes from the last commit), no
 * partition ever has two owners, and the group commits up to the log end.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.initial.rebalance.delay.ms", value = "0")
// KIP-848 members take their heartbeat interval and session timeout from the broker: the same as
// the classic members' client settings, so a crashed member's partitions move within seconds
@BrokerProperty(key = "group.consumer.heartbeat.interval.ms", value = "300")
@BrokerProperty(key = "group.consumer.session.timeout.ms", value = "6000")
class RoughGroupIT {
    private static final int PARTITIONS = 8;
    private static final int BATCH = 80;

    /** How the members are configured: classic with a client-side assignor, or KIP-848. */
    enum Protocol {
        CLASSIC_EAGER(RangeAssignor.class),
        CLASSIC_COOPERATIVE_STICKY(CooperativeStickyAssignor.class),
        CONSUMER(null);

        private final Class<?> assignor;

        Protocol(Class<?> assignor) {
            this.assignor = assignor;
        }

        Map<String, Object> config(TestBroker broker, String group) {
            return assignor == null
                    ? GroupMembers.consumerProtocolConfig(broker, group)
                    : GroupMembers.consumerConfig(broker, group, assignor.getName());
        }

        /**
         * The member that will crash: a classic consumer closed without leaving is as good as
         * killed, but a KIP-848 one still sends a leaving heartbeat on close, so it runs in a
         * JVM of its own that halts.
         */
        Participant crashable(String name, Map<String, Object> config, String topic, Ledger ledger) {
            return assignor == null ? new ProcessMember(name, config, topic, ledger) : new Member(name, config, topic, ledger);
        }
    }

    private static Admin admin(TestBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    /** Waits until exactly these members own every partition between them, each at least one. */

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void fourMembersJoiningLeavingAndCrashingConsumeEveryRecordOnce(Protocol protocol, TestBroker broker) throws Exception {
        // Given a topic of eight partitions and a group of two members
        String topic = "rough-" + protocol.name().toLowerCase();
        String group = "rough-" + protocol.name().toLowerCase();
        try (Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        Ledger ledger = new Ledger();
        Map<String, Object> config = protocol.config(broker, group);
        List<String> produced = new ArrayList<>();
        List<Participant> members = new ArrayList<>();
        Set<String> repeated = new HashSet<>();
        Runnable produceAndConsume = () -> {
            try {
                produced.addAll(GroupMembers.produce(broker, topic, PARTITIONS, "r" + produced.size(), BATCH));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ledger.consumedAll(produced));
        };
        try {
            members.add(new Member("m1", config, topic, ledger));
            members.add(protocol.crashable("m2", config, topic, ledger));
            ledger.awaitOwners(topic, PARTITIONS, members, false);
            produceAndConsume.run();
            // When two more join, one at a time while records flow: four members
            for (String name : List.of("m3", "m4")) {
                members.add(new Member(name, config, topic, ledger));
                produced.addAll(GroupMembers.produce(broker, topic, PARTITIONS, "join-" + name, BATCH));
                ledger.awaitOwners(topic, PARTITIONS, members, false);
                produceAndConsume.run();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(members).allSatisfy(member -> assertThat(member.assignment()).hasSize(2)));
            // And one leaves
            Participant leaving = members.remove(3);
            leaving.close();
            assertThat(leaving.failure()).isNull();
            ledger.awaitOwners(topic, PARTITIONS, members, false);
            produceAndConsume.run();
            // And one crashes right after processing a batch, before committing it:
            // its partitions move after its session timeout
            Participant crashed = members.remove(1);
            crashed.crashAfterNextBatch();
            produced.addAll(GroupMembers.produce(broker, topic, PARTITIONS, "crash", BATCH));
            repeated.addAll(crashed.awaitCrash());
            assertThat(repeated).isNotEmpty();
            ledger.awaitOwners(topic, PARTITIONS, members, false);
            produceAndConsume.run();
            // And a new one joins the survivors
            members.add(new Member("m5", config, topic, ledger));
            ledger.awaitOwners(topic, PARTITIONS, members, false);
            produceAndConsume.run();
        } finally {
            for (Participant member : members) {
                member.close();
            }
        }
        // Then no partition ever had two owners, and every record was consumed exactly once,
        // but for the crashed member's uncommitted batch: read again, once, by its successor
        assertThat(members).allSatisfy(member -> assertThat(member.failure()).as(member.name()).isNull());
        assertThat(ledger.violations()).isEmpty();
        Map<String, Integer> counts = ledger.counts();
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(produced);
        counts.forEach((value, count) -> {
            if (repeated.contains(value)) {
                assertThat(count).as(value).isEqualTo(2);
            } else {
                assertThat(count).as(value).isEqualTo(1);
            }
        });
        // And the group committed every partition up to its log end
        try (Admin admin = admin(broker)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            var ends = admin.listOffsets(committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get();
            assertThat(committed).hasSize(PARTITIONS);
            committed.forEach((partition, offset) -> assertThat(offset.offset()).as(partition.toString())
                    .isEqualTo(ends.get(partition).offset()));
        }
    }
}
