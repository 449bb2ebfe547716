package io.samsa.core.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.StorageException;
import io.samsa.core.config.GroupConfig;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ConsumerProtocolSubscriptionData;
import io.samsa.protocol.message.HeartbeatRequestData;
import io.samsa.protocol.message.JoinGroupRequestData;
import io.samsa.protocol.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import io.samsa.protocol.message.JoinGroupResponseData;
import io.samsa.protocol.message.JoinGroupResponseData.JoinGroupResponseMember;
import io.samsa.protocol.message.LeaveGroupRequestData.MemberIdentity;
import io.samsa.protocol.message.ListGroupsResponseData.ListedGroup;
import io.samsa.protocol.message.SyncGroupRequestData;
import io.samsa.protocol.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import io.samsa.protocol.message.SyncGroupResponseData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's state machine on a manual clock and timer, a direct executor and an
 * in-memory store: every rebalance step, timeout and record is observable and deterministic.
 */
class GroupCoordinatorTest {
    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 30_000;
    private static final int DELAY_MS = 3_000;
    private static final long RETENTION_MS = 600_000;
    private static final long CHECK_MS = 60_000;

    private final ManualTimer timer = new ManualTimer();
    private final MemoryGroupStore store = new MemoryGroupStore();
    private GroupCoordinator coordinator = newCoordinator(config(DELAY_MS));

    private static GroupConfig config(int initialDelayMs) {
        return new GroupConfig(50, initialDelayMs, 6_000, 1_800_000, Integer.MAX_VALUE, 4096,
                RETENTION_MS, CHECK_MS);
    }

    private GroupCoordinator newCoordinator(GroupConfig config) {
        return new GroupCoordinator(config, timer, timer, store, Runnable::run);
    }

    private static GroupRequestContext context(int version) {
        return new GroupRequestContext("client", "/127.0.0.1", (short) version);
    }

    private static JoinGroupRequestData joinRequest(String group, String memberId, String instanceId, String... protocols) {
        List<JoinGroupRequestProtocol> list = new ArrayList<>();
        for (String protocol : protocols) {
            list.add(new JoinGroupRequestProtocol().setName(protocol).setMetadata(subscription(List.of("t"))));
        }
        return new JoinGroupRequestData().setGroupId(group).setMemberId(memberId).setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS).setProtocolType("consumer")
                .setProtocols(list);
    }

    /** A consumer-protocol subscription (version 0) to {@code topics}. */
    private static byte[] subscription(List<String> topics) {
        ByteBufferWritable out = new ByteBufferWritable(64);
        out.writeShort((short) 0);
        new ConsumerProtocolSubscriptionData().setTopics(topics).write(out, (short) 0);
        ByteBuffer buffer = out.toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private CompletableFuture<JoinGroupResponseData> join(String group, String memberId) {
        return coordinator.joinGroup(context(9), joinRequest(group, memberId, null, "range"));
    }

    /** KIP-394: a new member first gets its id, then joins with it; returns the parked join. */
    private CompletableFuture<JoinGroupResponseData> joinNew(String group) {
        JoinGroupResponseData first = join(group, "").join();
        assertThat(first.errorCode()).isEqualTo(ErrorCode.MEMBER_ID_REQUIRED.code());
        assertThat(first.memberId()).startsWith("client-");
        return join(group, first.memberId());
    }

    private CompletableFuture<SyncGroupResponseData> sync(String group, String memberId, int generation,
            Map<String, byte[]> assignments) {
        List<SyncGroupRequestAssignment> list = new ArrayList<>();
        assignments.forEach((member, bytes) -> list.add(new SyncGroupRequestAssignment().setMemberId(member).setAssignment(bytes)));
        return coordinator.syncGroup(context(5), new SyncGroupRequestData().setGroupId(group).setMemberId(memberId)
                .setGenerationId(generation).setProtocolType("consumer").setProtocolName("range").setAssignments(list));
    }

    private ErrorCode heartbeat(String group, String memberId, int generation) {
        return ErrorCode.forCode(coordinator.heartbeat(new HeartbeatRequestData().setGroupId(group).setMemberId(memberId)
                .setGenerationId(generation)).join().errorCode());
    }

    private GroupState state(String group) {
        return GroupState.parse(coordinator.describeGroups(List.of(group)).join().getFirst().groupState()).orElseThrow();
    }

    /** One member through join and sync: the group is Stable; returns the member's join answer. */
    private JoinGroupResponseData stableGroupOfOne(String group) {
        CompletableFuture<JoinGroupResponseData> joined = joinNew(group);
        timer.advance(DELAY_MS);
        JoinGroupResponseData answer = joined.join();
        sync(group, answer.memberId(), answer.generationId(), Map.of(answer.memberId(), new byte[] {1})).join();
        return answer;
    }

    @Test
    void aNewMemberGetsItsIdFirstAndTheInitialRebalanceWaitsTheDelay() {
        // Given a new group
        CompletableFuture<JoinGroupResponseData> joined = joinNew("g");
        // When less than group.initial.rebalance.delay.ms has passed
        timer.advance(DELAY_MS - 1);
        // Then the join is still parked
        assertThat(joined).isNotDone();
        assertThat(state("g")).isEqualTo(GroupState.PREPARING_REBALANCE);
        // When the delay is over
        timer.advance(1);
        // Then the member leads generation 1 and sees itself with its metadata
        JoinGroupResponseData answer = joined.join();
        assertThat(answer.errorCode()).isEqualTo(ErrorCode.NONE.code());
        assertThat(answer.generationId()).isEqualTo(1);
        assertThat(answer.leader()).isEqualTo(answer.memberId());
        assertThat(answer.protocolType()).isEqualTo("consumer");
        assertThat(answer.protocolName()).isEqualTo("range");
        assertThat(answer.members()).extracting(JoinGroupResponseMember::memberId).containsExactly(answer.memberId());
        assertThat(answer.members().getFirst().metadata()).isEqualTo(subscription(List.of("t")));
        assertThat(state("g")).isEqualTo(GroupState.COMPLETING_REBALANCE);
    }

    @Test
    void eachNewcomerExtendsTheInitialDelayAndAllJoinOneGeneration() {
        // Given a first member, and a second one joining during the initial delay
        CompletableFuture<JoinGroupResponseData> first = joinNew("g");
        timer.advance(DELAY_MS - 100);
        CompletableFuture<JoinGroupResponseData> second = joinNew("g");
        // When the first delay ends: extended, because a member joined meanwhile
        timer.advance(100);
        assertThat(first).isNotDone();
        // Then after one more delay both get generation 1; only the leader gets the member list
        timer.advance(DELAY_MS);
        JoinGroupResponseData leader = first.join();
        JoinGroupResponseData follower = second.join();
        assertThat(leader.generationId()).isEqualTo(1);
        assertThat(follower.generationId()).isEqualTo(1);
        assertThat(leader.leader()).isEqualTo(leader.memberId());
        assertThat(follower.leader()).isEqualTo(leader.memberId());
        assertThat(leader.members()).extracting(JoinGroupResponseMember::memberId)
                .containsExactlyInAnyOrder(leader.memberId(), follower.memberId());
        assertThat(follower.members()).isEmpty();
    }

    @Test
    void theLeadersAssignmentIsRelayedByteForByteAndPersisted() {
        // Given two members in generation 1
        CompletableFuture<JoinGroupResponseData> first = joinNew("g");
        CompletableFuture<JoinGroupResponseData> second = joinNew("g");
        timer.advance(2 * DELAY_MS);
        String leader = first.join().memberId();
        String follower = second.join().memberId();
        // When the follower syncs first, then the leader with both assignments
        CompletableFuture<SyncGroupResponseData> followerSync = sync("g", follower, 1, Map.of());
        assertThat(followerSync).isNotDone();
        byte[] leaderBytes = {0, 1, 2, 3};
        byte[] followerBytes = {9, 8, 7};
        SyncGroupResponseData leaderSync = sync("g", leader, 1, Map.of(leader, leaderBytes, follower, followerBytes)).join();
        // Then each gets exactly its bytes and the group is Stable
        assertThat(leaderSync.errorCode()).isEqualTo(ErrorCode.NONE.code());
        assertThat(leaderSync.assignment()).isEqualTo(leaderBytes);
        assertThat(leaderSync.protocolName()).isEqualTo("range");
        assertThat(followerSync.join().assignment()).isEqualTo(followerBytes);
        assertThat(state("g")).isEqualTo(GroupState.STABLE);
        // And the stored group carries the assignments
        assertThat(store.records()).filteredOn(GroupRecord.GroupMetadata.class::isInstance).last().satisfies(record -> {
            var metadata = (GroupRecord.GroupMetadata) record;
            assertThat(metadata.generationId()).isEqualTo(1);
            assertThat(metadata.leaderId()).isEqualTo(leader);
            assertThat(metadata.members()).hasSize(2);
            assertThat(metadata.members()).filteredOn(member -> member.memberId().equals(follower)).singleElement()
                    .satisfies(member -> assertThat(member.assignment()).isEqualTo(followerBytes));
        });
        // And a late sync in the Stable group answers the stored assignment again
        assertThat(sync("g", follower, 1, Map.of()).join().assignment()).isEqualTo(followerBytes);
    }

    @Test
    void syncAndHeartbeatErrorsAreKafkas() {
        JoinGroupResponseData member = stableGroupOfOne("g");
        String id = member.memberId();
        assertThat(ErrorCode.forCode(sync("g", id, 7, Map.of()).join().errorCode())).isEqualTo(ErrorCode.ILLEGAL_GENERATION);
        assertThat(ErrorCode.forCode(sync("g", "stranger", 1, Map.of()).join().errorCode())).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(ErrorCode.forCode(sync("nope", id, 1, Map.of()).join().errorCode())).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(ErrorCode.forCode(coordinator.syncGroup(context(5), new SyncGroupRequestData().setGroupId("g")
                .setMemberId(id).setGenerationId(1)).join().errorCode())).isEqualTo(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(heartbeat("g", id, 1)).isEqualTo(ErrorCode.NONE);
        assertThat(heartbeat("g", id, 0)).isEqualTo(ErrorCode.ILLEGAL_GENERATION);
        assertThat(heartbeat("g", "stranger", 1)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(heartbeat("", id, 1)).isEqualTo(ErrorCode.INVALID_GROUP_ID);
        // A second member makes the group rebalance: the first learns it from its heartbeat and its sync
        CompletableFuture<JoinGroupResponseData> newcomer = joinNew("g");
        assertThat(heartbeat("g", id, 1)).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        assertThat(ErrorCode.forCode(sync("g", id, 1, Map.of()).join().errorCode())).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        // When the first rejoins, the rebalance completes at once (not an initial one)
        CompletableFuture<JoinGroupResponseData> rejoined = join("g", id);
        assertThat(rejoined.join().generationId()).isEqualTo(2);
        assertThat(newcomer.join().generationId()).isEqualTo(2);
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedAndTheGroupRebalances() {
        // Given a Stable group of two
        CompletableFuture<JoinGroupResponseData> first = joinNew("g");
        CompletableFuture<JoinGroupResponseData> second = joinNew("g");
        timer.advance(2 * DELAY_MS);
        String alive = first.join().memberId();
        String silent = second.join().memberId();
        sync("g", alive, 1, Map.of(alive, new byte[] {1}, silent, new byte[] {2})).join();
        sync("g", silent, 1, Map.of()).join();
        // When only one keeps heartbeating past the session timeout
        for (int i = 0; i < 4; i++) {
            timer.advance(SESSION_MS / 3);
            assertThat(heartbeat("g", alive, 1)).isIn(ErrorCode.NONE, ErrorCode.REBALANCE_IN_PROGRESS);
        }
        // Then the silent member is gone and the survivor is told to rejoin
        assertThat(heartbeat("g", silent, 1)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(heartbeat("g", alive, 1)).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        JoinGroupResponseData rejoined = join("g", alive).join();
        assertThat(rejoined.generationId()).isEqualTo(2);
        assertThat(rejoined.members()).extracting(JoinGroupResponseMember::memberId).containsExactly(alive);
    }

    @Test
    void aMemberThatDoesNotRejoinWithinTheRebalanceTimeoutIsDropped() {
        CompletableFuture<JoinGroupResponseData> first = joinNew("g");
        CompletableFuture<JoinGroupResponseData> second = joinNew("g");
        timer.advance(2 * DELAY_MS);
        String leader = first.join().memberId();
        String other = second.join().memberId();
        sync("g", leader, 1, Map.of()).join();
        sync("g", other, 1, Map.of()).join();
        // When the leader rejoins (forcing a rebalance) and the other never does, though it heartbeats
        CompletableFuture<JoinGroupResponseData> rejoin = join("g", leader);
        for (int i = 0; i < 10; i++) {
            timer.advance((REBALANCE_MS - 1) / 10);
            assertThat(heartbeat("g", other, 1)).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        }
        timer.advance((REBALANCE_MS - 1) % 10);
        assertThat(rejoin).isNotDone();
        timer.advance(1);
        // Then the rebalance completes without it
        assertThat(rejoin.join().generationId()).isEqualTo(2);
        assertThat(rejoin.join().members()).extracting(JoinGroupResponseMember::memberId).containsExactly(leader);
        assertThat(heartbeat("g", other, 1)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void membersThatDoNotSyncInTimeAreDropped() {
        CompletableFuture<JoinGroupResponseData> first = joinNew("g");
        CompletableFuture<JoinGroupResponseData> second = joinNew("g");
        timer.advance(2 * DELAY_MS);
        String leader = first.join().memberId();
        String other = second.join().memberId();
        // Only the follower syncs; the leader never does
        CompletableFuture<SyncGroupResponseData> waiting = sync("g", other, 1, Map.of());
        timer.advance(REBALANCE_MS);
        assertThat(ErrorCode.forCode(waiting.join().errorCode())).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        assertThat(heartbeat("g", leader, 1)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aRestartedStaticMemberTakesItsPlaceWithoutARebalanceAndFencesItsPredecessor() {
        // Given a Stable group of two static members
        CompletableFuture<JoinGroupResponseData> a = coordinator.joinGroup(context(9), joinRequest("g", "", "instance-a", "range"));
        CompletableFuture<JoinGroupResponseData> b = coordinator.joinGroup(context(9), joinRequest("g", "", "instance-b", "range"));
        timer.advance(2 * DELAY_MS);
        String leader = a.join().memberId();
        String follower = b.join().memberId();
        assertThat(leader).startsWith("instance-a-");
        byte[] followerBytes = {4, 2};
        sync("g", leader, 1, Map.of(leader, new byte[] {1}, follower, followerBytes)).join();
        sync("g", follower, 1, Map.of()).join();
        // When instance b restarts (a new process: no member id) within its session timeout
        timer.advance(SESSION_MS / 2);
        JoinGroupResponseData restarted = coordinator.joinGroup(context(9), joinRequest("g", "", "instance-b", "range")).join();
        // Then it continues generation 1 with a new id, the group stays Stable, and it gets the old assignment
        assertThat(restarted.errorCode()).isEqualTo(ErrorCode.NONE.code());
        assertThat(restarted.generationId()).isEqualTo(1);
        assertThat(restarted.memberId()).startsWith("instance-b-").isNotEqualTo(follower);
        assertThat(restarted.skipAssignment()).isFalse();
        assertThat(state("g")).isEqualTo(GroupState.STABLE);
        assertThat(sync("g", restarted.memberId(), 1, Map.of()).join().assignment()).isEqualTo(followerBytes);
        assertThat(heartbeat("g", leader, 1)).isEqualTo(ErrorCode.NONE);
        // And the old instance is fenced
        assertThat(ErrorCode.forCode(coordinator.heartbeat(new HeartbeatRequestData().setGroupId("g").setMemberId(follower)
                .setGroupInstanceId("instance-b").setGenerationId(1)).join().errorCode())).isEqualTo(ErrorCode.FENCED_INSTANCE_ID);
        // And a restarted static leader (v9) is told to skip the assignment, with the member list
        JoinGroupResponseData newLeader = coordinator.joinGroup(context(9), joinRequest("g", "", "instance-a", "range")).join();
        assertThat(newLeader.skipAssignment()).isTrue();
        assertThat(newLeader.leader()).isEqualTo(newLeader.memberId());
        assertThat(newLeader.members()).hasSize(2);
        assertThat(state("g")).isEqualTo(GroupState.STABLE);
    }

    @Test
    void theProtocolIsOneEveryMemberSupportsAndAMemberWithoutOneIsRefused() {
        CompletableFuture<JoinGroupResponseData> first = coordinator.joinGroup(context(3), joinRequest("g", "", null, "sticky", "range"));
        CompletableFuture<JoinGroupResponseData> second = coordinator.joinGroup(context(3), joinRequest("g", "", null, "range"));
        JoinGroupResponseData refused = coordinator.joinGroup(context(3), joinRequest("g", "", null, "roundrobin")).join();
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code());
        timer.advance(2 * DELAY_MS);
        // v3 members join without MEMBER_ID_REQUIRED
        assertThat(first.join().protocolName()).isEqualTo("range");
        assertThat(second.join().protocolName()).isEqualTo("range");
    }

    @Test
    void joinGroupRefusesBadRequestsAsKafka() {
        var tooShort = joinRequest("g", "", null, "range").setSessionTimeoutMs(10);
        assertThat(coordinator.joinGroup(context(9), tooShort).join().errorCode()).isEqualTo(ErrorCode.INVALID_SESSION_TIMEOUT.code());
        assertThat(join("", "").join().errorCode()).isEqualTo(ErrorCode.INVALID_GROUP_ID.code());
        JoinGroupResponseData unknown = join("nope", "someone").join();
        assertThat(unknown.errorCode()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID.code());
        assertThat(unknown.memberId()).isEqualTo("someone");
        var sizeLimited = newCoordinator(new GroupConfig(50, 0, 6_000, 1_800_000, 1, 4096, RETENTION_MS, CHECK_MS));
        coordinator = sizeLimited;
        joinNew("small");
        assertThat(coordinator.joinGroup(context(3), joinRequest("small", "", null, "range")).join().errorCode())
                .isEqualTo(ErrorCode.GROUP_MAX_SIZE_REACHED.code());
    }

    @Test
    void leaveGroupRemovesMembersByIdOrInstanceAndTheLastOneEmptiesTheGroup() {
        CompletableFuture<JoinGroupResponseData> a = coordinator.joinGroup(context(9), joinRequest("g", "", "instance-a", "range"));
        CompletableFuture<JoinGroupResponseData> b = joinNew("g");
        timer.advance(2 * DELAY_MS);
        String staticId = a.join().memberId();
        String dynamicId = b.join().memberId();
        sync("g", staticId, 1, Map.of()).join();
        sync("g", dynamicId, 1, Map.of()).join();
        // When both leave in one batch, one by instance id only, plus a stranger
        var response = coordinator.leaveGroup("g", List.of(
                new MemberIdentity().setMemberId("").setGroupInstanceId("instance-a"),
                new MemberIdentity().setMemberId(dynamicId),
                new MemberIdentity().setMemberId("stranger"))).join();
        // Then
        assertThat(response.errorCode()).isEqualTo(ErrorCode.NONE.code());
        assertThat(response.members()).extracting(member -> ErrorCode.forCode(member.errorCode()))
                .containsExactly(ErrorCode.NONE, ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(state("g")).isEqualTo(GroupState.EMPTY);
        assertThat(store.records()).filteredOn(GroupRecord.GroupMetadata.class::isInstance).last()
                .satisfies(record -> {
                    assertThat(((GroupRecord.GroupMetadata) record).generationId()).isEqualTo(2);
                    assertThat(((GroupRecord.GroupMetadata) record).members()).isEmpty();
                });
        // A fenced instance cannot leave for the current one
        assertThat(coordinator.leaveGroup("nope", List.of(new MemberIdentity().setMemberId("x"))).join().members())
                .extracting(member -> ErrorCode.forCode(member.errorCode())).containsExactly(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void offsetCommitsFollowKafkasGenerationAndMemberRules() {
        TopicPartition tp = new TopicPartition("t", 0);
        Map<TopicPartition, OffsetToCommit> commit = Map.of(tp, new OffsetToCommit(42, 0, "meta"));
        // A simple commit (generation -1) creates an Empty group
        assertThat(coordinator.commitOffsets("simple", -1, "", null, commit, (short) 8).join()).containsEntry(tp, ErrorCode.NONE);
        assertThat(coordinator.fetchOffsets("simple", List.of(tp)).join().get(tp))
                .satisfies(offset -> {
                    assertThat(offset.offset()).isEqualTo(42);
                    assertThat(offset.metadata()).isEqualTo("meta");
                    assertThat(offset.leaderEpoch()).isEqualTo(0);
                });
        assertThat(state("simple")).isEqualTo(GroupState.EMPTY);
        // A generation for an unknown group: ILLEGAL_GENERATION before v9, GROUP_ID_NOT_FOUND after
        assertThat(coordinator.commitOffsets("nope", 3, "m", null, commit, (short) 8).join()).containsEntry(tp, ErrorCode.ILLEGAL_GENERATION);
        assertThat(coordinator.commitOffsets("nope", 3, "m", null, commit, (short) 9).join()).containsEntry(tp, ErrorCode.GROUP_ID_NOT_FOUND);
        // Metadata over offset.metadata.max.bytes
        assertThat(coordinator.commitOffsets("simple", -1, "", null, Map.of(tp, new OffsetToCommit(1, -1, "x".repeat(4097))),
                (short) 8).join()).containsEntry(tp, ErrorCode.OFFSET_METADATA_TOO_LARGE);
        // Members of a group: while it completes its rebalance, then with the right and wrong generation
        CompletableFuture<JoinGroupResponseData> joined = joinNew("g");
        timer.advance(DELAY_MS);
        String member = joined.join().memberId();
        assertThat(coordinator.commitOffsets("g", 1, member, null, commit, (short) 8).join()).containsEntry(tp, ErrorCode.REBALANCE_IN_PROGRESS);
        sync("g", member, 1, Map.of()).join();
        assertThat(coordinator.commitOffsets("g", 1, member, null, commit, (short) 8).join()).containsEntry(tp, ErrorCode.NONE);
        assertThat(coordinator.commitOffsets("g", 0, member, null, commit, (short) 8).join()).containsEntry(tp, ErrorCode.ILLEGAL_GENERATION);
        assertThat(coordinator.commitOffsets("g", 1, "stranger", null, commit, (short) 8).join()).containsEntry(tp, ErrorCode.UNKNOWN_MEMBER_ID);
        // A simple commit while the group has members
        assertThat(coordinator.commitOffsets("g", -1, "", null, commit, (short) 8).join()).containsEntry(tp, ErrorCode.UNKNOWN_MEMBER_ID);
        // Fetch of everything, and of a partition never committed
        assertThat(coordinator.fetchOffsets("g", null).join()).containsOnlyKeys(tp);
        assertThat(coordinator.fetchOffsets("g", List.of(new TopicPartition("t", 9))).join()).isEmpty();
    }

    @Test
    void aCommitThatCannotBeWrittenIsNotApplied() {
        TopicPartition tp = new TopicPartition("t", 0);
        store.failWith(new StorageException("disk gone"));
        assertThat(coordinator.commitOffsets("g", -1, "", null, Map.of(tp, new OffsetToCommit(5, -1, null)), (short) 8).join())
                .containsEntry(tp, ErrorCode.NOT_COORDINATOR);
        assertThat(coordinator.fetchOffsets("g", null).join()).isEmpty();
        assertThat(coordinator.listGroups(Set.of(), Set.of()).join()).isEmpty();
    }

    @Test
    void offsetDeleteRefusesTopicsTheMembersSubscribeTo() {
        JoinGroupResponseData member = stableGroupOfOne("g");
        TopicPartition subscribed = new TopicPartition("t", 0);
        TopicPartition other = new TopicPartition("old", 0);
        coordinator.commitOffsets("g", 1, member.memberId(), null, Map.of(subscribed, new OffsetToCommit(1, -1, ""),
                other, new OffsetToCommit(2, -1, "")), (short) 8).join();
        OffsetDeleteResult result = coordinator.deleteOffsets("g", List.of(subscribed, other)).join();
        assertThat(result.groupError()).isEqualTo(ErrorCode.NONE);
        assertThat(result.partitions()).containsEntry(subscribed, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC).containsEntry(other, ErrorCode.NONE);
        assertThat(coordinator.fetchOffsets("g", null).join()).containsOnlyKeys(subscribed);
        assertThat(coordinator.deleteOffsets("nope", List.of(other)).join().groupError()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);
    }

    @Test
    void listDescribeAndDeleteGroups() {
        JoinGroupResponseData member = stableGroupOfOne("busy");
        coordinator.commitOffsets("idle", -1, "", null, Map.of(new TopicPartition("t", 0), new OffsetToCommit(1, -1, "")), (short) 8).join();
        assertThat(coordinator.listGroups(Set.of(), Set.of()).join()).extracting(ListedGroup::groupId).containsExactly("busy", "idle");
        assertThat(coordinator.listGroups(Set.of("stable"), Set.of()).join()).extracting(ListedGroup::groupId).containsExactly("busy");
        assertThat(coordinator.listGroups(Set.of(), Set.of("Classic")).join()).hasSize(2);
        assertThat(coordinator.listGroups(Set.of(), Set.of("consumer")).join()).isEmpty();
        var described = coordinator.describeGroups(List.of("busy", "nope")).join();
        assertThat(described.getFirst().groupState()).isEqualTo("Stable");
        assertThat(described.getFirst().protocolData()).isEqualTo("range");
        assertThat(described.getFirst().members()).singleElement().satisfies(described1 -> {
            assertThat(described1.memberId()).isEqualTo(member.memberId());
            assertThat(described1.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(described1.memberAssignment()).isEqualTo(new byte[] {1});
        });
        assertThat(described.get(1).errorCode()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND.code());
        assertThat(described.get(1).groupState()).isEqualTo("Dead");
        var deleted = coordinator.deleteGroups(List.of("busy", "idle", "nope")).join();
        assertThat(deleted).extracting(result -> ErrorCode.forCode(result.errorCode()))
                .containsExactly(ErrorCode.NON_EMPTY_GROUP, ErrorCode.NONE, ErrorCode.GROUP_ID_NOT_FOUND);
        assertThat(coordinator.listGroups(Set.of(), Set.of()).join()).extracting(ListedGroup::groupId).containsExactly("busy");
        assertThat(coordinator.fetchOffsets("idle", null).join()).isEmpty();
    }

    @Test
    void aNewCoordinatorReplaysGroupsAndOffsetsFromTheStore() {
        // Given a Stable group with offsets, a deleted group, and a deleted offset
        JoinGroupResponseData member = stableGroupOfOne("g");
        TopicPartition kept = new TopicPartition("t", 0);
        TopicPartition removed = new TopicPartition("old", 3);
        coordinator.commitOffsets("g", 1, member.memberId(), null, Map.of(kept, new OffsetToCommit(7, 2, "m"),
                removed, new OffsetToCommit(9, -1, "")), (short) 8).join();
        coordinator.commitOffsets("g", 1, member.memberId(), null, Map.of(kept, new OffsetToCommit(8, 2, "m2")), (short) 8).join();
        coordinator.deleteOffsets("g", List.of(removed)).join();
        coordinator.commitOffsets("gone", -1, "", null, Map.of(kept, new OffsetToCommit(1, -1, "")), (short) 8).join();
        coordinator.deleteGroups(List.of("gone")).join();
        // When a new coordinator loads what was written
        coordinator = newCoordinator(config(DELAY_MS));
        coordinator.start().toCompletableFuture().join();
        // Then the latest offsets win, tombstones removed what they name, and the member is back, Stable
        assertThat(coordinator.fetchOffsets("g", null).join()).containsOnlyKeys(kept);
        assertThat(coordinator.fetchOffsets("g", List.of(kept)).join().get(kept).offset()).isEqualTo(8);
        assertThat(coordinator.fetchOffsets("g", List.of(kept)).join().get(kept).metadata()).isEqualTo("m2");
        assertThat(coordinator.listGroups(Set.of(), Set.of()).join()).extracting(ListedGroup::groupId).containsExactly("g");
        assertThat(state("g")).isEqualTo(GroupState.STABLE);
        assertThat(heartbeat("g", member.memberId(), 1)).isEqualTo(ErrorCode.NONE);
        assertThat(sync("g", member.memberId(), 1, Map.of()).join().assignment()).isEqualTo(new byte[] {1});
        // And without heartbeats the loaded member expires: the group becomes Empty
        timer.advance(SESSION_MS + 1);
        assertThat(state("g")).isEqualTo(GroupState.EMPTY);
    }

    @Test
    void simpleCommitsExpireRetentionAfterTheirCommitAndTheGroupGoesWithThem() {
        // Given a group used only for simple commits, one offset committed later than the other
        coordinator.start().toCompletableFuture().join();
        TopicPartition early = new TopicPartition("t", 0);
        TopicPartition late = new TopicPartition("t", 1);
        coordinator.commitOffsets("simple", -1, "", null, Map.of(early, new OffsetToCommit(1, -1, "")), (short) 8).join();
        timer.advance(CHECK_MS);
        coordinator.commitOffsets("simple", -1, "", null, Map.of(late, new OffsetToCommit(2, -1, "")), (short) 8).join();
        // When the retention passes for the first commit only
        timer.advance(RETENTION_MS - CHECK_MS);
        // Then that offset is gone (a tombstone), the later one stays
        assertThat(coordinator.fetchOffsets("simple", null).join()).containsOnlyKeys(late);
        assertThat(store.records()).contains(new GroupRecord.OffsetRemoved("simple", early));
        // When the retention passes for the second one too
        timer.advance(CHECK_MS);
        // Then the group, left empty and without offsets, is removed, also for a coordinator replaying the log
        assertThat(coordinator.fetchOffsets("simple", null).join()).isEmpty();
        assertThat(coordinator.listGroups(Set.of(), Set.of()).join()).isEmpty();
        assertThat(store.records()).contains(new GroupRecord.OffsetRemoved("simple", late), new GroupRecord.GroupRemoved("simple"));
        coordinator = newCoordinator(config(DELAY_MS));
        coordinator.start().toCompletableFuture().join();
        assertThat(coordinator.listGroups(Set.of(), Set.of()).join()).isEmpty();
    }

    @Test
    void offsetsOfAGroupWithMembersAreKeptWhileSubscribedAndExpireRetentionAfterTheGroupEmptied() {
        // Given a Stable consumer group subscribed to "t", with offsets for "t" and for "old"
        coordinator.start().toCompletableFuture().join();
        JoinGroupResponseData member = stableGroupOfOne("g");
        TopicPartition subscribed = new TopicPartition("t", 0);
        TopicPartition unsubscribed = new TopicPartition("old", 0);
        coordinator.commitOffsets("g", 1, member.memberId(), null, Map.of(subscribed, new OffsetToCommit(5, -1, ""),
                unsubscribed, new OffsetToCommit(6, -1, "")), (short) 8).join();
        // When twice the retention passes with the member heartbeating
        for (long passed = 0; passed < 2 * RETENTION_MS; passed += SESSION_MS / 2) {
            timer.advance(SESSION_MS / 2);
            assertThat(heartbeat("g", member.memberId(), 1)).isEqualTo(ErrorCode.NONE);
        }
        // Then the subscribed topic's offset is kept, the other one expired since its commit
        assertThat(coordinator.fetchOffsets("g", null).join()).containsOnlyKeys(subscribed);
        assertThat(state("g")).isEqualTo(GroupState.STABLE);
        // When the member leaves: the group is Empty, its offsets outlive it by the retention
        coordinator.leaveGroup("g", List.of(new MemberIdentity().setMemberId(member.memberId()))).join();
        assertThat(state("g")).isEqualTo(GroupState.EMPTY);
        timer.advance(RETENTION_MS - CHECK_MS);
        assertThat(coordinator.fetchOffsets("g", null).join()).containsOnlyKeys(subscribed);
        timer.advance(2 * CHECK_MS);
        // Then offsets and group are gone
        assertThat(coordinator.fetchOffsets("g", null).join()).isEmpty();
        assertThat(coordinator.listGroups(Set.of(), Set.of()).join()).isEmpty();
        assertThat(store.records()).contains(new GroupRecord.OffsetRemoved("g", subscribed), new GroupRecord.GroupRemoved("g"));
    }

    @Test
    void anExpiryThatCannotBeWrittenLeavesTheGroupAsItWas() {
        coordinator.start().toCompletableFuture().join();
        TopicPartition tp = new TopicPartition("t", 0);
        coordinator.commitOffsets("simple", -1, "", null, Map.of(tp, new OffsetToCommit(1, -1, "")), (short) 8).join();
        store.failWith(new StorageException("disk gone"));
        timer.advance(RETENTION_MS + CHECK_MS);
        assertThat(coordinator.fetchOffsets("simple", null).join()).containsOnlyKeys(tp);
        assertThat(state("simple")).isEqualTo(GroupState.EMPTY);
        store.failWith(null);
        timer.advance(CHECK_MS);
        assertThat(coordinator.listGroups(Set.of(), Set.of()).join()).isEmpty();
    }

    @Test
    void aGroupWithACommitInFlightIsLeftAloneByExpiry() {
        // Given an expired simple commit, and a second commit of the group not yet durable
        coordinator.start().toCompletableFuture().join();
        TopicPartition old = new TopicPartition("t", 0);
        TopicPartition fresh = new TopicPartition("t", 1);
        coordinator.commitOffsets("simple", -1, "", null, Map.of(old, new OffsetToCommit(1, -1, "")), (short) 8).join();
        timer.advance(RETENTION_MS - CHECK_MS / 2);
        store.hold();
        var pending = coordinator.commitOffsets("simple", -1, "", null, Map.of(fresh, new OffsetToCommit(2, -1, "")), (short) 8);
        // When the expiry check runs meanwhile
        timer.advance(CHECK_MS);
        store.release();
        // Then nothing was removed; the next check expires only the old offset
        assertThat(pending.join()).containsEntry(fresh, ErrorCode.NONE);
        assertThat(coordinator.fetchOffsets("simple", null).join()).containsOnlyKeys(old, fresh);
        timer.advance(CHECK_MS);
        assertThat(coordinator.fetchOffsets("simple", null).join()).containsOnlyKeys(fresh);
        assertThat(state("simple")).isEqualTo(GroupState.EMPTY);
    }

    @Test
    void deletingATopicRemovesItsOffsetsFromEveryGroup() {
        // Given two groups with offsets of "gone" and "t"
        JoinGroupResponseData member = stableGroupOfOne("g");
        TopicPartition gone0 = new TopicPartition("gone", 0);
        TopicPartition gone1 = new TopicPartition("gone", 1);
        TopicPartition kept = new TopicPartition("t", 0);
        coordinator.commitOffsets("g", 1, member.memberId(), null, Map.of(gone0, new OffsetToCommit(1, -1, ""),
                kept, new OffsetToCommit(2, -1, "")), (short) 8).join();
        coordinator.commitOffsets("simple", -1, "", null, Map.of(gone1, new OffsetToCommit(3, -1, "")), (short) 8).join();
        // When "gone" is deleted
        coordinator.onTopicDeleted("gone").join();
        // Then its offsets are tombstoned everywhere; the groups stay
        assertThat(coordinator.fetchOffsets("g", null).join()).containsOnlyKeys(kept);
        assertThat(coordinator.fetchOffsets("simple", null).join()).isEmpty();
        assertThat(coordinator.listGroups(Set.of(), Set.of()).join()).extracting(ListedGroup::groupId).containsExactly("g", "simple");
        assertThat(store.records()).contains(new GroupRecord.OffsetRemoved("g", gone0), new GroupRecord.OffsetRemoved("simple", gone1));
        coordinator = newCoordinator(config(DELAY_MS));
        coordinator.start().toCompletableFuture().join();
        assertThat(coordinator.fetchOffsets("g", null).join()).containsOnlyKeys(kept);
    }

    @Test
    void groupRecordsRoundTripThroughTheCodec() {
        var member = new GroupRecord.MemberMetadata("m-1", "i", "client", "/10.0.0.1", 300_000, 45_000,
                new byte[] {1, 2}, new byte[] {3});
        List<GroupRecord> records = List.of(
                new GroupRecord.OffsetCommitted("g", new TopicPartition("t-é", 4), new CommittedOffset(10, 3, "", 123)),
                new GroupRecord.OffsetRemoved("g", new TopicPartition("t", 0)),
                new GroupRecord.GroupMetadata("g", "consumer", 5, "range", "m-1", 77, List.of(member)),
                new GroupRecord.GroupMetadata("g", null, 0, null, null, -1, List.of()),
                new GroupRecord.GroupRemoved("g"));
        for (GroupRecord record : records) {
            byte[] value = GroupRecordCodec.value(record);
            GroupRecord decoded = GroupRecordCodec.decode(ByteBuffer.wrap(GroupRecordCodec.key(record)),
                    value == null ? null : ByteBuffer.wrap(value));
            assertThat(decoded).usingRecursiveComparison().isEqualTo(record);
        }
    }
}
