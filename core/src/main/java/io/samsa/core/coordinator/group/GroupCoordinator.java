package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.GroupConfig;
import io.samsa.core.coordinator.CoordinatorThread;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicRegistry;
import io.samsa.core.purgatory.DelayTimer;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ConsumerGroupDescribeResponseData;
import io.samsa.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.samsa.protocol.message.ConsumerGroupHeartbeatResponseData;
import io.samsa.protocol.message.DeleteGroupsResponseData.DeletableGroupResult;
import io.samsa.protocol.message.DescribeGroupsResponseData.DescribedGroup;
import io.samsa.protocol.message.DescribeGroupsResponseData.DescribedGroupMember;
import io.samsa.protocol.message.HeartbeatRequestData;
import io.samsa.protocol.message.HeartbeatResponseData;
import io.samsa.protocol.message.JoinGroupRequestData;
import io.samsa.protocol.message.JoinGroupResponseData;
import io.samsa.protocol.message.LeaveGroupRequestData.MemberIdentity;
import io.samsa.protocol.message.LeaveGroupResponseData;
import io.samsa.protocol.message.ListGroupsResponseData.ListedGroup;
import io.samsa.protocol.message.SyncGroupRequestData;
import io.samsa.protocol.message.SyncGroupResponseData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator: one asynchronous method per group API, answering as Kafka's classic
 * group coordinator does. Its state (groups, members, generations, committed offsets) is a
 * state machine rebuilt at start-up by replaying {@code __consumer_offsets} (see
 * {@link GroupRecordCodec} for the records) and changed only on one thread, the coordinator's:
 * requests hop onto it, timers (rebalance, session and sync timeouts, on the broker's timer
 * wheel) and completed appends come back to it. Nothing waits by sleeping or blocking.
 *
 * <p>This broker coordinates every group (a single broker holds every partition of
 * {@code __consumer_offsets}).
 */
public final class GroupCoordinator implements AutoCloseable {
    /** ListGroups' and DescribeGroups' type of these groups (KIP-848 ones are "consumer"). */
    public static final String CLASSIC_TYPE = "classic";
    /** ListGroups' type of KIP-848 groups. */
    public static final String CONSUMER_TYPE = ConsumerGroupManager.TYPE;
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupRuntime runtime;
    private final GroupStore store;
    private final CoordinatorThread thread;
    private final ClassicGroupManager membership;
    private final OffsetManager offsets;
    private final ConsumerGroupManager consumerGroups;
    private final TransactionalOffsetManager transactionalOffsets;

    @Inject
    public GroupCoordinator(GroupConfig config, Clock clock, DelayTimer timer, OffsetsTopic store, TopicRegistry topics) {
        this(config, clock, (delayMs, task) -> timer.schedule(delayMs, task)::cancel, store, topics::all,
                CoordinatorThread.named("samsa-group-coordinator"));
    }

    /** For tests: any executor that runs tasks one at a time, in order (a direct one included). */
    GroupCoordinator(GroupConfig config, Clock clock, GroupTimer timer, GroupStore store, Executor executor) {
        this(config, clock, timer, store, List::of, CoordinatorThread.on(executor));
    }

    /** For tests, with the topics KIP-848 groups subscribe to. */
    GroupCoordinator(GroupConfig config, Clock clock, GroupTimer timer, GroupStore store,
            Supplier<Collection<Topic>> topics, Executor executor) {
        this(config, clock, timer, store, topics, CoordinatorThread.on(executor));
    }

    private GroupCoordinator(GroupConfig config, Clock clock, GroupTimer timer, GroupStore store,
            Supplier<Collection<Topic>> topics, CoordinatorThread thread) {
        this.store = requireNonNull(store, "store is null");
        this.thread = requireNonNull(thread, "thread is null");
        this.runtime = new GroupRuntime(config, clock, timer, store, thread);
        this.membership = new ClassicGroupManager(runtime);
        this.offsets = new OffsetManager(runtime);
        this.consumerGroups = new ConsumerGroupManager(runtime, topics);
        this.transactionalOffsets = new TransactionalOffsetManager(runtime);
    }

    /**
     * Loads the groups and offsets from {@code __consumer_offsets} (creating it on first start).
     * Members of loaded groups keep their generation and assignment and must heartbeat within
     * their session timeouts, or they are removed and the group rebalances.
     */
    public CompletionStage<Void> start() {
        long begin = System.nanoTime();
        StoreReplay replay = new StoreReplay(runtime, consumerGroups, transactionalOffsets);
        return store.load(replay).thenApplyAsync(ignored -> {
            int members = 0;
            for (ClassicGroup group : runtime.groups.values()) {
                membership.scheduleLoadedMembers(group);
                members += group.size();
            }
            offsets.scheduleExpiry();
            consumerGroups.scheduleLoadedMembers();
            for (ConsumerGroup group : runtime.consumerGroups.values()) {
                members += group.members.size();
            }
            log.info("Loaded {} classic and {} consumer groups ({} members, {} committed offsets, {} open transactions)"
                    + " from {} records of {} in {} ms",
                    runtime.groups.size() - runtime.consumerGroups.size(), runtime.consumerGroups.size(), members,
                    runtime.groups.values().stream().mapToInt(group -> group.offsets().size()).sum(),
                    runtime.pendingTransactions.openTransactions(), replay.records(), OffsetsTopic.NAME,
                    (System.nanoTime() - begin) / 1_000_000);
            return (Void) null;
        }, thread.executor());
    }

    /**
     * Completes once the coordinator can write, creating {@code __consumer_offsets} on first use
     * (FindCoordinator waits for this, where Kafka answers COORDINATOR_NOT_AVAILABLE meanwhile).
     */
    public CompletionStage<Void> ensureReady() {
        return store.ensureReady();
    }

    @Override
    public void close() {
        thread.close();
    }

    // ---------------------------------------------------------------- membership

    public CompletableFuture<JoinGroupResponseData> joinGroup(GroupRequestContext context, JoinGroupRequestData request) {
        return call(() -> {
            ConsumerGroup consumerGroup = runtime.consumerGroups.get(request.groupId());
            if (consumerGroup != null) {
                if (!consumerGroup.members.isEmpty()) {
                    return CompletableFuture.completedFuture(
                            ClassicGroupManager.joinError(request.memberId(), ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
                }
                // An empty consumer group becomes a classic one (its offsets stay), as Kafka's bidirectional policy.
                runtime.consumerGroups.remove(request.groupId());
                return runtime.append(request.groupId(), List.of(new GroupRecord.ConsumerGroupRemoved(request.groupId())))
                        .thenCompose(ignored -> membership.joinGroup(context, request));
            }
            return membership.joinGroup(context, request);
        });
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(GroupRequestContext context, SyncGroupRequestData request) {
        return call(() -> membership.syncGroup(context, request));
    }

    public CompletableFuture<HeartbeatResponseData> heartbeat(HeartbeatRequestData request) {
        return call(() -> CompletableFuture.completedFuture(membership.heartbeat(request)));
    }

    /** Members leave; see {@link ClassicGroupManager#leaveGroup}. */
    public CompletableFuture<LeaveGroupResponseData> leaveGroup(String groupId, List<MemberIdentity> members) {
        return call(() -> CompletableFuture.completedFuture(membership.leaveGroup(groupId, members)));
    }

    /** ConsumerGroupHeartbeat (KIP-848); see {@link ConsumerGroupManager}. */
    public CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(GroupRequestContext context,
            ConsumerGroupHeartbeatRequestData request) {
        return call(() -> consumerGroups.heartbeat(context, request));
    }

    /** ConsumerGroupDescribe: KIP-848 groups in request order; others get GROUP_ID_NOT_FOUND. */
    public CompletableFuture<List<ConsumerGroupDescribeResponseData.DescribedGroup>> consumerGroupDescribe(
            List<String> groupIds) {
        return call(() -> CompletableFuture.completedFuture(groupIds.stream().map(consumerGroups::describe).toList()));
    }

    // ---------------------------------------------------------------- offsets

    /**
     * OffsetCommit for one group: each partition's error (NONE once durable).
     *
     * @param generationId -1 for a simple commit (no group membership)
     */
    public CompletableFuture<Map<TopicPartition, ErrorCode>> commitOffsets(String groupId, int generationId,
            String memberId, String groupInstanceId, Map<TopicPartition, OffsetToCommit> commits, short apiVersion) {
        return call(() -> {
            ConsumerGroup consumerGroup = groupId == null ? null : runtime.consumerGroups.get(groupId);
            if (consumerGroup != null) {
                ErrorCode invalid = consumerGroups.validateOffsetCommit(consumerGroup, memberId, generationId, apiVersion);
                if (invalid != ErrorCode.NONE) {
                    Map<TopicPartition, ErrorCode> errors = new java.util.LinkedHashMap<>();
                    commits.keySet().forEach(partition -> errors.put(partition, invalid));
                    return CompletableFuture.completedFuture(errors);
                }
                // The offsets live in the group's Empty classic entry: a commit without a generation.
                return offsets.commit(groupId, -1, "", null, commits, apiVersion);
            }
            return offsets.commit(groupId, generationId, memberId, groupInstanceId, commits, apiVersion);
        });
    }

    /** The committed offsets of a group's partitions (all of them when {@code partitions} is null). */
    public CompletableFuture<Map<TopicPartition, CommittedOffset>> fetchOffsets(String groupId,
            List<TopicPartition> partitions) {
        return fetchOffsets(groupId, partitions, false).thenApply(FetchedOffsets::committed);
    }

    /**
     * OffsetFetch: the committed offsets of a group's partitions (all of them when
     * {@code partitions} is null); with {@code requireStable}, also which of those partitions have
     * offsets of an open transaction (UNSTABLE_OFFSET_COMMIT in Kafka's answer).
     */
    public CompletableFuture<FetchedOffsets> fetchOffsets(String groupId, List<TopicPartition> partitions,
            boolean requireStable) {
        return call(() -> {
            Map<TopicPartition, CommittedOffset> committed = offsets.fetch(groupId, partitions);
            Set<TopicPartition> unstable = requireStable
                    ? transactionalOffsets.pending(groupId, partitions == null ? committed.keySet() : partitions) : Set.of();
            return CompletableFuture.completedFuture(new FetchedOffsets(committed, unstable));
        });
    }

    // ---------------------------------------------------------------- transactions

    /**
     * TxnOffsetCommit: writes the offsets in the producer's transaction; they become the group's
     * committed offsets only when {@link #completeTransaction} commits it. Each partition's error.
     */
    public CompletableFuture<Map<TopicPartition, ErrorCode>> commitTransactionalOffsets(TransactionalOffsetCommit request) {
        return call(() -> transactionalOffsets.commit(request));
    }

    /**
     * Ends a producer's transaction on {@code __consumer_offsets-<offsetsPartition>}, as the
     * transaction coordinator's marker does in Kafka: writes the COMMIT or ABORT marker there, then
     * turns the producer's pending offsets of every group in that partition into committed offsets
     * (commit) or drops them (abort). Fails, changing nothing, when the marker cannot be written
     * (INVALID_PRODUCER_EPOCH for an older epoch than the log knows).
     */
    public CompletableFuture<Void> completeTransaction(int offsetsPartition, long producerId, short producerEpoch,
            int coordinatorEpoch, boolean commit) {
        return call(() -> transactionalOffsets.complete(offsetsPartition, producerId, producerEpoch, coordinatorEpoch,
                commit));
    }

    /** A topic is gone: the committed offsets of its partitions are removed from every group. */
    public CompletableFuture<Void> onTopicDeleted(String topic) {
        return call(() -> offsets.topicsDeleted(Set.of(topic)));
    }

    public CompletableFuture<OffsetDeleteResult> deleteOffsets(String groupId, List<TopicPartition> partitions) {
        return call(() -> offsets.delete(groupId, partitions));
    }

    // ---------------------------------------------------------------- administration

    /**
     * Describes groups in request order. An unknown group comes back in state Dead with
     * GROUP_ID_NOT_FOUND (callers below DescribeGroups v6 report it without the error, as Kafka).
     * Members' metadata and assignments are shown only when the group is Stable.
     */
    public CompletableFuture<List<DescribedGroup>> describeGroups(List<String> groupIds) {
        return call(() -> {
            List<DescribedGroup> described = new ArrayList<>();
            for (String groupId : groupIds) {
                ClassicGroup group = runtime.groups.get(groupId);
                boolean consumerGroup = runtime.consumerGroups.containsKey(groupId);
                if (group == null || group.isInState(GroupState.DEAD) || consumerGroup) {
                    described.add(new DescribedGroup()
                            .setGroupId(groupId)
                            .setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND.code())
                            .setErrorMessage(consumerGroup ? "Group " + groupId + " is not a classic group."
                                    : "Group " + groupId + " not found.")
                            .setGroupState(GroupState.DEAD.displayName())
                            .setProtocolType("")
                            .setProtocolData(""));
                    continue;
                }
                boolean stable = group.isInState(GroupState.STABLE);
                List<DescribedGroupMember> members = new ArrayList<>();
                for (ClassicGroupMember member : group.members()) {
                    members.add(new DescribedGroupMember()
                            .setMemberId(member.memberId())
                            .setGroupInstanceId(member.groupInstanceId())
                            .setClientId(member.clientId())
                            .setClientHost(member.clientHost())
                            .setMemberMetadata(stable ? member.metadata(group.protocolName()) : new byte[0])
                            .setMemberAssignment(stable ? member.assignment() : new byte[0]));
                }
                described.add(new DescribedGroup()
                        .setGroupId(groupId)
                        .setErrorCode(ErrorCode.NONE.code())
                        .setGroupState(group.state().displayName())
                        .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                        .setProtocolData(stable ? group.protocolName() : "")
                        .setMembers(members));
            }
            return CompletableFuture.completedFuture(described);
        });
    }

    /**
     * Every group (Dead ones excepted), filtered by state and type names when the filters are
     * not empty (case-insensitive, as Kafka matches them).
     */
    public CompletableFuture<List<ListedGroup>> listGroups(Set<String> statesFilter, Set<String> typesFilter) {
        Set<String> states = lowerCase(statesFilter);
        Set<String> types = lowerCase(typesFilter);
        return call(() -> {
            List<ListedGroup> listed = new ArrayList<>();
            if (types.isEmpty() || types.contains(CONSUMER_TYPE)) {
                runtime.consumerGroups.values().stream()
                        .filter(group -> states.isEmpty() || states.contains(group.state().toLowerCase(Locale.ROOT)))
                        .forEach(group -> listed.add(new ListedGroup()
                                .setGroupId(group.groupId)
                                .setProtocolType(ClassicGroup.CONSUMER_PROTOCOL_TYPE)
                                .setGroupState(group.state())
                                .setGroupType(CONSUMER_TYPE)));
            }
            if (!types.isEmpty() && !types.contains(CLASSIC_TYPE)) {
                listed.sort(java.util.Comparator.comparing(ListedGroup::groupId));
                return CompletableFuture.completedFuture(listed);
            }
            runtime.groups.values().stream()
                    .filter(group -> !group.isInState(GroupState.DEAD))
                    .filter(group -> !runtime.consumerGroups.containsKey(group.groupId()))
                    .filter(group -> states.isEmpty()
                            || states.contains(group.state().displayName().toLowerCase(Locale.ROOT)))
                    .sorted(java.util.Comparator.comparing(ClassicGroup::groupId))
                    .forEach(group -> listed.add(new ListedGroup()
                            .setGroupId(group.groupId())
                            .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                            .setGroupState(group.state().displayName())
                            .setGroupType(CLASSIC_TYPE)));
            listed.sort(java.util.Comparator.comparing(ListedGroup::groupId));
            return CompletableFuture.completedFuture(listed);
        });
    }

    /**
     * Deletes empty groups with their committed offsets (tombstones in {@code __consumer_offsets});
     * a group with members gets NON_EMPTY_GROUP, an unknown one GROUP_ID_NOT_FOUND.
     */
    public CompletableFuture<List<DeletableGroupResult>> deleteGroups(List<String> groupIds) {
        return call(() -> {
            List<CompletableFuture<DeletableGroupResult>> results = new ArrayList<>();
            for (String groupId : groupIds) {
                results.add(deleteGroup(groupId));
            }
            return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                    .thenApply(ignored -> results.stream().map(CompletableFuture::join).toList());
        });
    }

    private CompletableFuture<DeletableGroupResult> deleteGroup(String groupId) {
        ConsumerGroup consumerGroup = runtime.consumerGroups.get(groupId);
        if (consumerGroup != null) {
            if (!consumerGroup.members.isEmpty()) {
                return CompletableFuture.completedFuture(deleted(groupId, ErrorCode.NON_EMPTY_GROUP));
            }
            runtime.consumerGroups.remove(groupId);
            return runtime.append(groupId, List.of(new GroupRecord.ConsumerGroupRemoved(groupId)))
                    .handle((ignored, failure) -> failure)
                    .thenCompose(failure -> {
                        if (failure != null) {
                            runtime.consumerGroups.putIfAbsent(groupId, consumerGroup);
                            return CompletableFuture.completedFuture(deleted(groupId, GroupRuntime.appendError(failure)));
                        }
                        ClassicGroup offsetsHolder = runtime.groups.get(groupId);
                        if (offsetsHolder == null || offsetsHolder.isInState(GroupState.DEAD)) {
                            log.info("Deleted consumer group {}", groupId);
                            return CompletableFuture.completedFuture(deleted(groupId, ErrorCode.NONE));
                        }
                        return deleteClassicGroup(groupId);
                    });
        }
        return deleteClassicGroup(groupId);
    }

    private CompletableFuture<DeletableGroupResult> deleteClassicGroup(String groupId) {
        ClassicGroup group = runtime.groups.get(groupId);
        if (group == null || group.isInState(GroupState.DEAD)) {
            return CompletableFuture.completedFuture(deleted(groupId, ErrorCode.GROUP_ID_NOT_FOUND));
        }
        if (!group.isInState(GroupState.EMPTY)) {
            return CompletableFuture.completedFuture(deleted(groupId, ErrorCode.NON_EMPTY_GROUP));
        }
        List<GroupRecord> records = new ArrayList<>();
        Set<TopicPartition> removed = new java.util.LinkedHashSet<>(group.offsets().keySet());
        removed.addAll(runtime.pendingTransactions.pendingPartitions(groupId));
        removed.forEach(partition -> records.add(new GroupRecord.OffsetRemoved(groupId, partition)));
        records.add(new GroupRecord.GroupRemoved(groupId));
        // Dead at once: joins and commits meanwhile are refused (COORDINATOR_NOT_AVAILABLE) and retried.
        group.transitionTo(GroupState.DEAD, runtime.now());
        group.cancelJoinTimer();
        group.cancelSyncTimer();
        return runtime.append(groupId, records).handle((ignored, failure) -> {
            if (failure != null) {
                group.revive(runtime.now());
                return deleted(groupId, GroupRuntime.appendError(failure));
            }
            runtime.groups.remove(groupId, group);
            removed.forEach(partition -> runtime.pendingTransactions.removed(groupId, partition));
            log.info("Deleted group {}", groupId);
            return deleted(groupId, ErrorCode.NONE);
        });
    }

    private static DeletableGroupResult deleted(String groupId, ErrorCode error) {
        return new DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code());
    }

    private static Set<String> lowerCase(Set<String> names) {
        Set<String> lower = new java.util.HashSet<>();
        names.forEach(name -> lower.add(name.toLowerCase(Locale.ROOT)));
        return lower;
    }

    /** Runs {@code work} on the coordinator's thread; its result may complete later (a parked request). */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
        return thread.call(work);
    }
}
