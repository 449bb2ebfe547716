package io.samsa.core.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.core.config.GroupConfig;
import io.samsa.core.partition.Topic;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import io.samsa.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.samsa.protocol.message.ConsumerGroupHeartbeatResponseData;
import io.samsa.protocol.message.JoinGroupRequestData;
import io.samsa.protocol.message.ListGroupsResponseData.ListedGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** KIP-848 consumer groups on a manual timer, a direct executor and an in-memory store. */
class ConsumerGroupCoordinatorTest {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryGroupStore store = new MemoryGroupStore();
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private GroupCoordinator coordinator = newCoordinator();

    private GroupCoordinator newCoordinator() {
        return new GroupCoordinator(new GroupConfig(50, 0, 6_000, 1_800_000, Integer.MAX_VALUE, 4096), timer, timer,
                store, () -> List.copyOf(topics.values()), Runnable::run);
    }

    private void topic(String name, int partitions) {
        UUID id = topics.containsKey(name) ? topics.get(name).id() : UUID.randomUUID();
        topics.put(name, new Topic(name, id, partitions, Map.of()));
    }

    private static GroupRequestContext context() {
        return new GroupRequestContext("client", "/127.0.0.1", (short) 1);
    }

    private ConsumerGroupHeartbeatResponseData join(String group, String memberId, List<String> subscribed) {
        return coordinator.consumerGroupHeartbeat(context(), new ConsumerGroupHeartbeatRequestData().setGroupId(group)
                .setMemberId(memberId).setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(subscribed).setTopicPartitions(List.of())).join();
    }

    private ConsumerGroupHeartbeatResponseData heartbeat(String group, String memberId, int epoch,
            Set<TopicPartition> owned) {
        ConsumerGroupHeartbeatRequestData request = new ConsumerGroupHeartbeatRequestData().setGroupId(group)
                .setMemberId(memberId).setMemberEpoch(epoch).setRebalanceTimeoutMs(-1).setSubscribedTopicNames(null)
                .setTopicPartitions(owned == null ? null : wire(owned));
        return coordinator.consumerGroupHeartbeat(context(), request).join();
    }

    private List<ConsumerGroupHeartbeatRequestData.TopicPartitions> wire(Set<TopicPartition> owned) {
        List<ConsumerGroupHeartbeatRequestData.TopicPartitions> list = new ArrayList<>();
        for (Topic topic : topics.values()) {
            List<Integer> partitions = owned.stream().filter(p -> p.topic().equals(topic.name()))
                    .map(TopicPartition::partition).sorted().toList();
            if (!partitions.isEmpty()) {
                list.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(topic.id())
                        .setPartitions(new ArrayList<>(partitions)));
            }
        }
        return list;
    }

    private Set<TopicPartition> assigned(ConsumerGroupHeartbeatResponseData response) {
        Set<TopicPartition> result = new HashSet<>();
        assertThat(response.assignment()).isNotNull();
        for (ConsumerGroupHeartbeatResponseData.TopicPartitions topic : response.assignment().topicPartitions()) {
            String name = topics.values().stream().filter(t -> t.id().equals(topic.topicId())).findFirst().orElseThrow()
                    .name();
            topic.partitions().forEach(partition -> result.add(new TopicPartition(name, partition)));
        }
        return result;
    }

    private DescribedGroup describe(String group) {
        return coordinator.consumerGroupDescribe(List.of(group)).join().getFirst();
    }

    @Test
    void aSingleMemberGetsEveryPartitionAtTheFirstEpoch() {
        // Given
        topic("t", 3);
        // When
        ConsumerGroupHeartbeatResponseData response = join("g", "m1", List.of("t"));
        // Then
        assertThat(response.errorCode()).isZero();
        assertThat(response.memberEpoch()).isEqualTo(1);
        assertThat(response.heartbeatIntervalMs()).isEqualTo(5_000);
        assertThat(assigned(response)).hasSize(3);
        assertThat(describe("g").groupState()).isEqualTo("Stable");
        assertThat(store.records()).last().isInstanceOf(GroupRecord.ConsumerGroupMetadata.class);
    }

    @Test
    void partitionsAreRevokedBeforeTheyMoveToANewMember() {
        // Given
        topic("t", 4);
        Set<TopicPartition> owned1 = assigned(join("g", "m1", List.of("t")));
        // When a second member joins
        ConsumerGroupHeartbeatResponseData second = join("g", "m2", List.of("t"));
        // Then it gets the new epoch but nothing the first member still owns
        assertThat(second.memberEpoch()).isEqualTo(2);
        assertThat(assigned(second)).isEmpty();
        // When the first member heartbeats it is asked to revoke two partitions, at its old epoch
        ConsumerGroupHeartbeatResponseData revoke = heartbeat("g", "m1", 1, owned1);
        assertThat(revoke.memberEpoch()).isEqualTo(1);
        Set<TopicPartition> kept = assigned(revoke);
        assertThat(kept).hasSize(2);
        // And the second member still gets nothing until the revocation is acknowledged
        assertThat(heartbeat("g", "m2", 2, Set.of()).assignment()).isNull();
        assertThat(describe("g").groupState()).isEqualTo("Reconciling");
        // When the first member acknowledges by reporting only what it kept
        ConsumerGroupHeartbeatResponseData acked = heartbeat("g", "m1", 1, kept);
        assertThat(acked.memberEpoch()).isEqualTo(2);
        // Then the second member gets the released partitions
        Set<TopicPartition> owned2 = assigned(heartbeat("g", "m2", 2, Set.of()));
        assertThat(owned2).hasSize(2).doesNotContainAnyElementsOf(kept);
        assertThat(describe("g").groupState()).isEqualTo("Stable");
    }

    @Test
    void wrongEpochsAndUnknownMembersAreRefusedAsKafka() {
        // Given
        topic("t", 1);
        join("g", "m1", List.of("t"));
        // When / Then
        assertThat(heartbeat("g", "m1", 7, null).errorCode()).isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH.code());
        assertThat(heartbeat("g", "nobody", 1, null).errorCode()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID.code());
        assertThat(heartbeat("other", "m1", 1, null).errorCode()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND.code());
        assertThat(heartbeat("g", "m1", 1, null).errorCode()).isZero();
    }

    @Test
    void aLeavingMemberBumpsTheGroupEpochAndTheOtherTakesOver() {
        // Given
        topic("t", 2);
        join("g", "m1", List.of("t"));
        join("g", "m2", List.of("t"));
        Set<TopicPartition> kept = assigned(heartbeat("g", "m1", 1, Set.of(new TopicPartition("t", 0), new TopicPartition("t", 1))));
        heartbeat("g", "m1", 1, kept);
        // When
        ConsumerGroupHeartbeatResponseData left = heartbeat("g", "m2", -1, null);
        // Then
        assertThat(left.memberEpoch()).isEqualTo(-1);
        assertThat(describe("g").groupEpoch()).isEqualTo(3);
        ConsumerGroupHeartbeatResponseData after = heartbeat("g", "m1", 2, kept);
        assertThat(after.memberEpoch()).isEqualTo(3);
        assertThat(assigned(after)).hasSize(2);
    }

    @Test
    void aSilentMemberIsRemovedAtItsSessionTimeout() {
        // Given
        topic("t", 2);
        join("g", "m1", List.of("t"));
        // When
        timer.advance(45_000);
        // Then
        assertThat(describe("g").members()).isEmpty();
        assertThat(describe("g").groupState()).isEqualTo("Empty");
    }

    @Test
    void aStaticMemberRejoiningUnderANewIdKeepsItsAssignment() {
        // Given
        topic("t", 2);
        coordinator.consumerGroupHeartbeat(context(), new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId("m1").setMemberEpoch(0).setInstanceId("i1").setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(List.of("t")).setTopicPartitions(List.of())).join();
        ConsumerGroupHeartbeatResponseData left = coordinator.consumerGroupHeartbeat(context(),
                new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("m1").setMemberEpoch(-2)
                        .setInstanceId("i1").setRebalanceTimeoutMs(-1).setSubscribedTopicNames(null)).join();
        assertThat(left.memberEpoch()).isEqualTo(-2);
        // When
        ConsumerGroupHeartbeatResponseData rejoined = coordinator.consumerGroupHeartbeat(context(),
                new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("m1b").setMemberEpoch(0)
                        .setInstanceId("i1").setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("t"))
                        .setTopicPartitions(List.of())).join();
        // Then
        assertThat(rejoined.memberEpoch()).isEqualTo(1);
        assertThat(assigned(rejoined)).hasSize(2);
        assertThat(describe("g").groupEpoch()).isEqualTo(1);
    }

    @Test
    void moreOrNewPartitionsRebalanceTheGroup() {
        // Given
        topic("t", 1);
        ConsumerGroupHeartbeatResponseData first = coordinator.consumerGroupHeartbeat(context(),
                new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("m1").setMemberEpoch(0)
                        .setRebalanceTimeoutMs(30_000).setSubscribedTopicRegex("t.*")
                        .setTopicPartitions(List.of())).join();
        assertThat(assigned(first)).hasSize(1);
        // When a partition is added and a matching topic appears
        topic("t", 2);
        topic("tt", 1);
        topic("other", 1);
        ConsumerGroupHeartbeatResponseData next = heartbeat("g", "m1", 1, Set.of(new TopicPartition("t", 0)));
        // Then
        assertThat(next.memberEpoch()).isEqualTo(2);
        assertThat(assigned(next)).containsExactlyInAnyOrder(new TopicPartition("t", 0), new TopicPartition("t", 1),
                new TopicPartition("tt", 0));
    }

    @Test
    void groupsOffsetsAndAssignmentsSurviveARestart() {
        // Given
        topic("t", 2);
        ConsumerGroupHeartbeatResponseData joined = join("g", "m1", List.of("t"));
        Map<TopicPartition, OffsetToCommit> commits = Map.of(new TopicPartition("t", 0), new OffsetToCommit(42, -1, ""));
        assertThat(coordinator.commitOffsets("g", 1, "m1", null, commits, (short) 9).join())
                .containsValue(ErrorCode.NONE);
        assertThat(coordinator.commitOffsets("g", 0, "m1", null, commits, (short) 9).join())
                .containsValue(ErrorCode.STALE_MEMBER_EPOCH);
        assertThat(coordinator.commitOffsets("g", 1, "nobody", null, commits, (short) 9).join())
                .containsValue(ErrorCode.UNKNOWN_MEMBER_ID);
        // When
        coordinator = newCoordinator();
        coordinator.start().toCompletableFuture().join();
        // Then
        DescribedGroup described = describe("g");
        assertThat(described.groupEpoch()).isEqualTo(1);
        assertThat(described.members()).singleElement().satisfies(member -> {
            assertThat(member.memberEpoch()).isEqualTo(1);
            assertThat(member.assignment().topicPartitions()).singleElement()
                    .satisfies(topic -> assertThat(topic.partitions()).containsExactly(0, 1));
        });
        assertThat(coordinator.fetchOffsets("g", null).join().get(new TopicPartition("t", 0)).offset()).isEqualTo(42);
        assertThat(heartbeat("g", joined.memberId(), 1, Set.of(new TopicPartition("t", 0),
                new TopicPartition("t", 1))).errorCode()).isZero();
    }

    @Test
    void classicAndConsumerGroupsDoNotShareAnId() {
        // Given
        topic("t", 1);
        join("g", "m1", List.of("t"));
        // When a classic member tries the consumer group
        var classicJoin = coordinator.joinGroup(context(), new JoinGroupRequestData().setGroupId("g").setMemberId("")
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                .setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[0])))).join();
        // Then
        assertThat(classicJoin.errorCode()).isEqualTo(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code());
        assertThat(coordinator.describeGroups(List.of("g")).join().getFirst().errorCode())
                .isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND.code());
        List<ListedGroup> consumerGroups = coordinator.listGroups(Set.of(), Set.of("consumer")).join();
        assertThat(consumerGroups).singleElement().satisfies(group -> {
            assertThat(group.groupType()).isEqualTo("consumer");
            assertThat(group.groupState()).isEqualTo("Stable");
        });
        assertThat(coordinator.listGroups(Set.of(), Set.of("classic")).join()).isEmpty();
    }

    @Test
    void aMemberThatDoesNotRevokeWithinItsRebalanceTimeoutIsFenced() {
        // Given a member asked to revoke half its partitions for a newcomer
        topic("t", 2);
        Set<TopicPartition> owned = assigned(join("g", "m1", List.of("t")));
        join("g", "m2", List.of("t"));
        assertThat(assigned(heartbeat("g", "m1", 1, owned))).hasSize(1);
        // When it keeps them past its rebalance timeout (30 s), heartbeating without acknowledging
        timer.advance(20_000);
        heartbeat("g", "m1", 1, owned);
        heartbeat("g", "m2", 2, Set.of());
        timer.advance(10_000);
        // Then it is fenced and the newcomer gets every partition
        assertThat(heartbeat("g", "m1", 1, owned).errorCode()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID.code());
        assertThat(assigned(heartbeat("g", "m2", 2, Set.of()))).hasSize(2);
    }

    @Test
    void anEmptyConsumerGroupBecomesClassicOnJoinGroupKeepingItsOffsets() {
        // Given a consumer group whose only member committed and left
        topic("t", 1);
        join("g", "m1", List.of("t"));
        coordinator.commitOffsets("g", 1, "m1", null,
                Map.of(new TopicPartition("t", 0), new OffsetToCommit(7, -1, "")), (short) 9).join();
        heartbeat("g", "m1", -1, null);
        // When a classic member joins the id
        var classicJoin = coordinator.joinGroup(new GroupRequestContext("client", "/127.0.0.1", (short) 9), new JoinGroupRequestData().setGroupId("g").setMemberId("")
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                .setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(new byte[0])))).join();
        // Then it is a classic group now (asked for a member id as usual), with the offsets kept
        assertThat(classicJoin.errorCode()).isEqualTo(ErrorCode.MEMBER_ID_REQUIRED.code());
        assertThat(describe("g").errorCode()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND.code());
        assertThat(coordinator.fetchOffsets("g", null).join().get(new TopicPartition("t", 0)).offset()).isEqualTo(7);
        assertThat(store.records()).last().isInstanceOf(GroupRecord.ConsumerGroupRemoved.class);
    }
}
