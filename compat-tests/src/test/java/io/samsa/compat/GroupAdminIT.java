package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.samsa.compat.GroupMembers.Ledger;
import io.samsa.compat.GroupMembers.Member;
import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kafka-clients 4.3.1 Admin on consumer groups: list (with state and type filters), describe,
 * list/alter/delete offsets, delete groups.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.initial.rebalance.delay.ms", value = "0")
class GroupAdminIT {
    private static Admin admin(TestBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @Test
    void adminListsDescribesAltersAndDeletesConsumerGroups(TestBroker broker) throws Exception {
        String topic = "administered";
        try (Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1), new NewTopic("other", 1, (short) 1))).all().get();
            List<String> produced = GroupMembers.produce(broker, topic, 2, "r", 20);
            Ledger ledger = new Ledger();
            // Given a live group with one member that consumed everything
            try (Member member = new Member("live", GroupMembers.consumerConfig(broker, "live", RangeAssignor.class.getName()),
                    topic, ledger)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> ledger.consumedAll(produced));
                // And an offsets-only group made by the admin client (a simple commit)
                admin.alterConsumerGroupOffsets("parked", Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3, "note"),
                        new TopicPartition(topic, 1), new OffsetAndMetadata(5))).all().get();

                // Then both are listed, with state and type, and the filters apply
                var listings = admin.listGroups().all().get();
                assertThat(listings).extracting(GroupListing::groupId).contains("live", "parked");
                assertThat(listings).filteredOn(listing -> listing.groupId().equals("live")).singleElement().satisfies(listing -> {
                    assertThat(listing.groupState()).contains(GroupState.STABLE);
                    assertThat(listing.type()).contains(GroupType.CLASSIC);
                    assertThat(listing.protocol()).isEqualTo("consumer");
                });
                assertThat(admin.listGroups(ListGroupsOptions.forConsumerGroups().inGroupStates(Set.of(GroupState.EMPTY)))
                        .all().get()).extracting(GroupListing::groupId).contains("parked").doesNotContain("live");
                assertThat(admin.listConsumerGroups().all().get()).extracting(listing -> listing.groupId()).contains("live", "parked");

                // And the live group is described with its member and its assignment
                ConsumerGroupDescription live = admin.describeConsumerGroups(List.of("live")).all().get().get("live");
                assertThat(live.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(live.type()).isEqualTo(GroupType.CLASSIC);
                assertThat(live.partitionAssignor()).isEqualTo("range");
                assertThat(live.coordinator().id()).isEqualTo(broker.nodeId());
                assertThat(live.isSimpleConsumerGroup()).isFalse();
                assertThat(live.members()).singleElement().satisfies((MemberDescription description) -> {
                    assertThat(description.host()).isEqualTo("/127.0.0.1");
                    assertThat(description.assignment().topicPartitions())
                            .containsExactlyInAnyOrder(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
                });
                ConsumerGroupDescription parked = admin.describeConsumerGroups(List.of("parked")).all().get().get("parked");
                assertThat(parked.groupState()).isEqualTo(GroupState.EMPTY);
                assertThat(parked.members()).isEmpty();
                assertThat(parked.isSimpleConsumerGroup()).isTrue();

                // And the committed offsets are listed as committed, metadata included
                assertThat(admin.listConsumerGroupOffsets("parked").partitionsToOffsetAndMetadata().get())
                        .containsEntry(new TopicPartition(topic, 0), new OffsetAndMetadata(3, "note"))
                        .containsEntry(new TopicPartition(topic, 1), new OffsetAndMetadata(5, ""));
                assertThat(admin.listConsumerGroupOffsets("live").partitionsToOffsetAndMetadata().get().values())
                        .extracting(OffsetAndMetadata::offset).containsExactlyInAnyOrder(10L, 10L);

                // And a group with members can neither be deleted, nor have its offsets altered or its topic's deleted
                assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("live")).all().get())
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupNotEmptyException.class);
                assertThatThrownBy(() -> admin.alterConsumerGroupOffsets("live", Map.of(new TopicPartition(topic, 0),
                        new OffsetAndMetadata(0))).all().get()).hasCauseInstanceOf(UnknownMemberIdException.class);
                assertThatThrownBy(() -> admin.deleteConsumerGroupOffsets("live", Set.of(new TopicPartition(topic, 0))).all().get())
                        .hasCauseInstanceOf(GroupSubscribedToTopicException.class);
            }

            // When the member has left: the group is Empty, and its offsets can be rewound
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.describeConsumerGroups(List.of("live")).all().get()
                    .get("live").groupState() == GroupState.EMPTY);
            admin.alterConsumerGroupOffsets("live", Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(8))).all().get();
            Ledger again = new Ledger();
            try (Member member = new Member("live-again", GroupMembers.consumerConfig(broker, "live", RangeAssignor.class.getName()),
                    topic, again)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> again.counts().size() == 2);
            }
            assertThat(again.counts()).containsOnlyKeys("r-16", "r-18");

            // And offsets of an unsubscribed topic can be deleted from an empty group
            admin.alterConsumerGroupOffsets("parked", Map.of(new TopicPartition("other", 0), new OffsetAndMetadata(1))).all().get();
            admin.deleteConsumerGroupOffsets("parked", Set.of(new TopicPartition("other", 0))).all().get();
            assertThat(admin.listConsumerGroupOffsets("parked").partitionsToOffsetAndMetadata().get()).hasSize(2);

            // And empty groups are deleted with their offsets; an unknown one is reported
            admin.deleteConsumerGroups(List.of("live", "parked")).all().get();
            assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).doesNotContain("live", "parked");
            assertThat(admin.listConsumerGroupOffsets("parked").partitionsToOffsetAndMetadata().get()).isEmpty();
            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("never-was")).all().get())
                    .hasCauseInstanceOf(GroupIdNotFoundException.class);
        }
    }
}
