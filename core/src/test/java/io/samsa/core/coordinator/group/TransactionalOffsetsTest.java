package io.samsa.core.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.core.config.GroupConfig;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.samsa.protocol.message.JoinGroupRequestData;
import io.samsa.protocol.message.JoinGroupResponseData;
import io.samsa.protocol.message.SyncGroupRequestData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Offsets committed in transactions (TxnOffsetCommit): pending until the producer's marker on the
 * group's offsets partition, committed or dropped by it, rebuilt the same way from the store.
 */
class TransactionalOffsetsTest {
    private static final long RETENTION_MS = 600_000;
    private static final long CHECK_MS = 60_000;
    private static final long PRODUCER = 1000;
    private static final short EPOCH = 0;
    private static final TopicPartition TP = new TopicPartition("in", 0);

    private final ManualTimer timer = new ManualTimer();
    private final MemoryGroupStore store = new MemoryGroupStore();
    private GroupCoordinator coordinator = newCoordinator();

    private GroupCoordinator newCoordinator() {
        GroupConfig config = new GroupConfig(50, 0, 6_000, 1_800_000, Integer.MAX_VALUE, 4096, RETENTION_MS, CHECK_MS);
        GroupCoordinator created = new GroupCoordinator(config, timer, timer, store, Runnable::run);
        created.start().toCompletableFuture().join();
        return created;
    }

    private ErrorCode txnCommit(String group, long producerId, long offset) {
        return txnCommit(group, producerId, EPOCH, -1, "", offset);
    }

    private ErrorCode txnCommit(String group, long producerId, short epoch, int generation, String memberId, long offset) {
        return coordinator.commitTransactionalOffsets(new TransactionalOffsetCommit(group, producerId, epoch, generation,
                memberId, null, Map.of(TP, new OffsetToCommit(offset, -1, "txn")))).join().get(TP);
    }

    private void commitDirectly(String group, long offset) {
        assertThat(coordinator.commitOffsets(group, -1, "", null, Map.of(TP, new OffsetToCommit(offset, -1, "")), (short) 8)
                .join()).containsEntry(TP, ErrorCode.NONE);
    }

    private void end(String group, long producerId, boolean commit) {
        coordinator.completeTransaction(store.partitionFor(group), producerId, EPOCH, 0, commit).join();
    }

    private Long committed(String group) {
        CommittedOffset offset = coordinator.fetchOffsets(group, List.of(TP)).join().get(TP);
        return offset == null ? null : offset.offset();
    }

    private boolean unstable(String group) {
        return coordinator.fetchOffsets(group, List.of(TP), true).join().unstable().contains(TP);
    }

    @Test
    void offsetsOfATransactionBecomeCommittedOnlyWhenItCommits() {
        // Given a committed offset, then one written in a transaction
        commitDirectly("g", 5);
        assertThat(txnCommit("g", PRODUCER, 10)).isEqualTo(ErrorCode.NONE);
        // Then the group still reports the old one, and a reader requiring stable offsets is told to wait
        assertThat(committed("g")).isEqualTo(5);
        assertThat(unstable("g")).isTrue();
        assertThat(coordinator.fetchOffsets("g", null, true).join().unstable()).containsExactly(TP);
        // When the transaction commits
        end("g", PRODUCER, true);
        // Then the transaction's offset is the committed one, and stable
        assertThat(committed("g")).isEqualTo(10);
        assertThat(coordinator.fetchOffsets("g", List.of(TP)).join().get(TP).metadata()).isEqualTo("txn");
        assertThat(unstable("g")).isFalse();
    }

    @Test
    void anAbortedTransactionLeavesTheCommittedOffset() {
        commitDirectly("g", 5);
        txnCommit("g", PRODUCER, 10);
        end("g", PRODUCER, false);
        assertThat(committed("g")).isEqualTo(5);
        assertThat(unstable("g")).isFalse();
        // A later commit marker of the same producer finds nothing left to apply
        end("g", PRODUCER, true);
        assertThat(committed("g")).isEqualTo(5);
    }

    @Test
    void theLaterWriteWinsBetweenAPlainCommitAndACommittedTransaction() {
        // A plain commit after the transactional one outranks it
        txnCommit("late", PRODUCER, 10);
        commitDirectly("late", 20);
        end("late", PRODUCER, true);
        assertThat(committed("late")).isEqualTo(20);
        // A plain commit before it does not
        commitDirectly("early", 20);
        txnCommit("early", PRODUCER, 10);
        end("early", PRODUCER, true);
        assertThat(committed("early")).isEqualTo(10);
    }

    @Test
    void aMarkerEndsTheTransactionOnlyForTheGroupsOfItsPartition() {
        // Given one producer's offsets for two groups living in different offsets partitions
        String first = "a";
        String second = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "b" + i)
                .filter(id -> store.partitionFor(id) != store.partitionFor(first)).findFirst().orElseThrow();
        txnCommit(first, PRODUCER, 1);
        txnCommit(second, PRODUCER, 2);
        // When the marker reaches the first group's partition only
        end(first, PRODUCER, true);
        // Then the second group's offset waits for its own marker
        assertThat(committed(first)).isEqualTo(1);
        assertThat(committed(second)).isNull();
        assertThat(unstable(second)).isTrue();
        end(second, PRODUCER, true);
        assertThat(committed(second)).isEqualTo(2);
    }

    @Test
    void aRestartedCoordinatorRebuildsCommittedAbortedAndOpenTransactions() {
        // Given a committed, an aborted and a still open transaction
        txnCommit("committed", 1, 11);
        end("committed", 1, true);
        commitDirectly("aborted", 3);
        txnCommit("aborted", 2, 22);
        end("aborted", 2, false);
        commitDirectly("open", 4);
        txnCommit("open", 3, 33);
        // When a new coordinator replays the store
        coordinator = newCoordinator();
        // Then committed and aborted transactions are as before, the open one is still pending
        assertThat(committed("committed")).isEqualTo(11);
        assertThat(committed("aborted")).isEqualTo(3);
        assertThat(committed("open")).isEqualTo(4);
        assertThat(unstable("open")).isTrue();
        // And the transaction coordinator can still complete it
        end("open", 3, true);
        assertThat(committed("open")).isEqualTo(33);
        assertThat(unstable("open")).isFalse();
        // Which a further restart also sees
        coordinator = newCoordinator();
        assertThat(committed("open")).isEqualTo(33);
    }

    @Test
    void transactionalCommitsCheckTheConsumerOnlyWhenItIsNamed() {
        // Given a Stable classic group of one member
        JoinGroupRequestData join = new JoinGroupRequestData().setGroupId("g").setMemberId("").setProtocolType("consumer")
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(30_000)
                .setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[0])));
        GroupRequestContext context = new GroupRequestContext("client", "/127.0.0.1", (short) 9);
        String memberId = coordinator.joinGroup(context, join).join().memberId();
        var joining = coordinator.joinGroup(context, join.setMemberId(memberId));
        timer.advance(1);
        JoinGroupResponseData joined = joining.join();
        assertThat(joined.generationId()).isEqualTo(1);
        // Then (while it completes its rebalance too: transactional commits ignore the state)
        assertThat(txnCommit("g", PRODUCER, EPOCH, 1, memberId, 1)).isEqualTo(ErrorCode.NONE);
        coordinator.syncGroup(context, new SyncGroupRequestData().setGroupId("g").setMemberId(memberId).setGenerationId(1)
                .setProtocolType("consumer").setProtocolName("range")).join();
        assertThat(txnCommit("g", PRODUCER, EPOCH, 1, memberId, 2)).isEqualTo(ErrorCode.NONE);
        assertThat(txnCommit("g", PRODUCER, EPOCH, 0, memberId, 3)).isEqualTo(ErrorCode.ILLEGAL_GENERATION);
        assertThat(txnCommit("g", PRODUCER, EPOCH, 1, "stranger", 3)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        // A commit without consumer fields (TxnOffsetCommit v0-2) is accepted even with members
        assertThat(txnCommit("g", PRODUCER, EPOCH, -1, "", 4)).isEqualTo(ErrorCode.NONE);
        // An unknown group: created by a commit without a generation, ILLEGAL_GENERATION with one
        assertThat(txnCommit("unknown", PRODUCER, EPOCH, 2, "m", 1)).isEqualTo(ErrorCode.ILLEGAL_GENERATION);
        assertThat(txnCommit("", PRODUCER, 1)).isEqualTo(ErrorCode.INVALID_GROUP_ID);
        assertThat(txnCommit("g", -1, 1)).isEqualTo(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
        assertThat(coordinator.commitTransactionalOffsets(new TransactionalOffsetCommit("g", PRODUCER, EPOCH, -1, "", null,
                Map.of(TP, new OffsetToCommit(1, -1, "x".repeat(4097))))).join()).containsEntry(TP, ErrorCode.OFFSET_METADATA_TOO_LARGE);
    }

    @Test
    void aConsumerGroupMembersEpochIsItsGeneration() {
        // Given a KIP-848 group with one member
        int epoch = coordinator.consumerGroupHeartbeat(new GroupRequestContext("client", "/127.0.0.1", (short) 1),
                new ConsumerGroupHeartbeatRequestData().setGroupId("cg").setMemberId("m1").setMemberEpoch(0)
                        .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("in")).setTopicPartitions(List.of()))
                .join().memberEpoch();
        assertThat(epoch).isPositive();
        // Then its current epoch commits, an older one is an old generation, a newer one is fenced
        assertThat(txnCommit("cg", PRODUCER, EPOCH, epoch, "m1", 1)).isEqualTo(ErrorCode.NONE);
        assertThat(txnCommit("cg", PRODUCER, EPOCH, epoch - 1, "m1", 1)).isEqualTo(ErrorCode.ILLEGAL_GENERATION);
        assertThat(txnCommit("cg", PRODUCER, EPOCH, epoch + 1, "m1", 1)).isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH);
        assertThat(txnCommit("cg", PRODUCER, EPOCH, epoch, "stranger", 1)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        // And a commit without consumer fields is accepted
        assertThat(txnCommit("cg", PRODUCER, EPOCH, -1, "", 2)).isEqualTo(ErrorCode.NONE);
        end("cg", PRODUCER, true);
        assertThat(committed("cg")).isEqualTo(2);
    }

    @Test
    void aFencedProducerGetsTheStoresEpochErrorAndItsMarkerChangesNothing() {
        txnCommit("g", PRODUCER, (short) 1, -1, "", 7);
        // An older epoch of the same producer is refused by the log
        assertThat(txnCommit("g", PRODUCER, (short) 0, -1, "", 8)).isEqualTo(ErrorCode.INVALID_PRODUCER_EPOCH);
        assertThatThrownBy(() -> coordinator.completeTransaction(store.partitionFor("g"), PRODUCER, (short) 0, 0, true).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ApiErrorException.class);
        assertThat(committed("g")).isNull();
        assertThat(unstable("g")).isTrue();
    }

    @Test
    void expiryAndDeletionLeaveNoPendingOffsetBehind() {
        // Given an expired committed offset whose partition has a pending transactional offset
        commitDirectly("g", 5);
        txnCommit("g", PRODUCER, 10);
        timer.advance(RETENTION_MS + CHECK_MS);
        // Then neither the offset nor the group expire while the transaction is open
        assertThat(committed("g")).isEqualTo(5);
        end("g", PRODUCER, true);
        assertThat(committed("g")).isEqualTo(10);
        // When a group with a pending offset is deleted
        txnCommit("g", PRODUCER, 11);
        assertThat(coordinator.deleteGroups(List.of("g")).join().getFirst().errorCode()).isEqualTo(ErrorCode.NONE.code());
        // Then a later commit of that transaction does not bring the offset back, also after a restart
        end("g", PRODUCER, true);
        assertThat(committed("g")).isNull();
        assertThat(unstable("g")).isFalse();
        coordinator = newCoordinator();
        assertThat(committed("g")).isNull();
    }
}
