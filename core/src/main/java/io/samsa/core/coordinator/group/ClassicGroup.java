package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ConsumerProtocolSubscriptionData;
import io.samsa.protocol.message.JoinGroupResponseData;
import io.samsa.protocol.message.JoinGroupResponseData.JoinGroupResponseMember;
import io.samsa.protocol.message.SyncGroupResponseData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A classic group's membership, generation and committed offsets: the bookkeeping under
 * {@link ClassicGroupManager}'s protocol logic, kept as Kafka's ClassicGroup keeps it. Mutable,
 * touched only on the coordinator's thread.
 */
final class ClassicGroup {
    /** The protocol type of the Java consumer and librdkafka's consumer. */
    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final String groupId;
    private GroupState state;
    private GroupState previousState = GroupState.DEAD;
    private long stateTimestamp;
    private String protocolType;
    private String protocolName;
    private int generationId;
    private String leaderId;
    private final Map<String, ClassicGroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Map<String, GroupTimer.Cancellable> pendingJoinMembers = new LinkedHashMap<>();
    private final Set<String> pendingSyncMembers = new LinkedHashSet<>();
    private final Map<String, Integer> supportedProtocols = new HashMap<>();
    private int awaitingJoin;
    private boolean newMemberAdded;
    private Optional<Set<String>> subscribedTopics = Optional.empty();
    private final Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();
    private GroupTimer.Cancellable joinTimer;
    private GroupTimer.Cancellable syncTimer;

    ClassicGroup(String groupId, long now) {
        this.groupId = requireNonNull(groupId, "groupId is null");
        this.state = GroupState.EMPTY;
        this.stateTimestamp = now;
    }

    String groupId() {
        return groupId;
    }

    GroupState state() {
        return state;
    }

    GroupState previousState() {
        return previousState;
    }

    boolean isInState(GroupState candidate) {
        return state == candidate;
    }

    long stateTimestamp() {
        return stateTimestamp;
    }

    void transitionTo(GroupState target, long now) {
        if (!target.validPrevious().contains(state)) {
            throw new IllegalStateException("group " + groupId + " cannot go from " + state + " to " + target);
        }
        previousState = state;
        state = target;
        stateTimestamp = now;
    }

    /** Back from Dead to Empty: a deletion that could not be written did not happen. */
    void revive(long now) {
        previousState = state;
        state = GroupState.EMPTY;
        stateTimestamp = now;
    }

    /** Null until the first member joined (or for a group that only has committed offsets). */
    String protocolType() {
        return protocolType;
    }

    /** The protocol chosen for the current generation; null while the group is empty. */
    String protocolName() {
        return protocolName;
    }

    int generationId() {
        return generationId;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    Collection<ClassicGroupMember> members() {
        return members.values();
    }

    List<ClassicGroupMember> memberList() {
        return new ArrayList<>(members.values());
    }

    ClassicGroupMember member(String memberId) {
        return members.get(memberId);
    }

    boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    String staticMemberId(String groupInstanceId) {
        return staticMembers.get(groupInstanceId);
    }

    Map<TopicPartition, CommittedOffset> offsets() {
        return offsets;
    }

    /** Member ids are the client id (or the instance id of a static member), a dash and a UUID, as Kafka makes them. */
    static String newMemberId(String clientId, String groupInstanceId) {
        return (groupInstanceId != null ? groupInstanceId : clientId) + "-" + UUID.randomUUID();
    }

    // Pending members: given an id by MEMBER_ID_REQUIRED (KIP-394), not yet joined with it.

    /** @param expiry removes the pending member if it does not join within its session timeout */
    void addPendingMember(String memberId, GroupTimer.Cancellable expiry) {
        pendingJoinMembers.put(memberId, expiry);
    }

    boolean isPendingMember(String memberId) {
        return pendingJoinMembers.containsKey(memberId);
    }

    boolean removePendingMember(String memberId) {
        if (!pendingJoinMembers.containsKey(memberId)) {
            return false;
        }
        GroupTimer.Cancellable expiry = pendingJoinMembers.remove(memberId);
        if (expiry != null) {
            expiry.cancel();
        }
        return true;
    }

    int pendingJoinCount() {
        return pendingJoinMembers.size();
    }

    int awaitingJoinCount() {
        return awaitingJoin;
    }

    // Membership

    void add(ClassicGroupMember member, CompletableFuture<JoinGroupResponseData> future) {
        if (member.isStatic()) {
            if (staticMembers.containsKey(member.groupInstanceId())) {
                throw new IllegalStateException("static member " + member.groupInstanceId() + " is already in group " + groupId);
            }
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (members.isEmpty()) {
            protocolType = member.protocolType();
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
        members.put(member.memberId(), member);
        countProtocols(member, 1);
        member.setAwaitingJoin(future);
        if (future != null) {
            awaitingJoin++;
        }
        removePendingMember(member.memberId());
    }

    void remove(String memberId) {
        ClassicGroupMember removed = members.remove(memberId);
        if (removed != null) {
            countProtocols(removed, -1);
            if (removed.isAwaitingJoin()) {
                awaitingJoin--;
            }
            if (removed.isStatic()) {
                staticMembers.remove(removed.groupInstanceId(), memberId);
            }
            GroupTimer.Cancellable heartbeat = removed.heartbeat();
            if (heartbeat != null) {
                heartbeat.cancel();
            }
        }
        if (isLeader(memberId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        removePendingMember(memberId);
        pendingSyncMembers.remove(memberId);
    }

    void updateMember(ClassicGroupMember member, List<ClassicGroupMember.Protocol> protocols, int rebalanceTimeoutMs,
            int sessionTimeoutMs, CompletableFuture<JoinGroupResponseData> future) {
        countProtocols(member, -1);
        member.update(protocols, rebalanceTimeoutMs, sessionTimeoutMs);
        countProtocols(member, 1);
        if (future != null && !member.isAwaitingJoin()) {
            awaitingJoin++;
        } else if (future == null && member.isAwaitingJoin()) {
            awaitingJoin--;
        }
        member.setAwaitingJoin(future);
    }

    /**
     * Replaces a static member's id by a new one (its instance restarted), keeping what it had;
     * requests still parked for the old id are answered FENCED_INSTANCE_ID.
     */
    ClassicGroupMember replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
        ClassicGroupMember old = members.remove(oldMemberId);
        if (old == null) {
            throw new IllegalStateException("static member " + oldMemberId + " is not in group " + groupId);
        }
        completeJoin(old, new JoinGroupResponseData()
                .setMemberId(oldMemberId)
                .setErrorCode(ErrorCode.FENCED_INSTANCE_ID.code()));
        completeSync(old, new SyncGroupResponseData()
                .setAssignment(ClassicGroupMember.EMPTY_ASSIGNMENT)
                .setErrorCode(ErrorCode.FENCED_INSTANCE_ID.code()));
        if (old.heartbeat() != null) {
            old.heartbeat().cancel();
        }
        ClassicGroupMember replacement = old.withMemberId(newMemberId);
        members.put(newMemberId, replacement);
        if (isLeader(oldMemberId)) {
            leaderId = newMemberId;
        }
        staticMembers.put(groupInstanceId, newMemberId);
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(newMemberId);
        }
        return replacement;
    }

    /** Answers the member's parked JoinGroup, if any; true if there was one. */
    boolean completeJoin(ClassicGroupMember member, JoinGroupResponseData response) {
        CompletableFuture<JoinGroupResponseData> future = member.awaitingJoin();
        if (future == null) {
            return false;
        }
        member.setAwaitingJoin(null);
        awaitingJoin--;
        future.complete(response);
        return true;
    }

    /** Answers the member's parked SyncGroup, if any; true if there was one. */
    boolean completeSync(ClassicGroupMember member, SyncGroupResponseData response) {
        CompletableFuture<SyncGroupResponseData> future = member.awaitingSync();
        if (future == null) {
            return false;
        }
        member.setAwaitingSync(null);
        future.complete(response);
        return true;
    }

    boolean hasAllMembersJoined() {
        return members.size() == awaitingJoin && pendingJoinMembers.isEmpty();
    }

    /** Members that have not rejoined in this rebalance. */
    List<ClassicGroupMember> notYetRejoined() {
        return members.values().stream().filter(member -> !member.isAwaitingJoin()).toList();
    }

    /**
     * Keeps the leader if it rejoined, else picks a member that did.
     *
     * @return false if no member rejoined (or the group has no leader)
     */
    boolean maybeElectNewJoinedLeader() {
        if (leaderId == null) {
            return false;
        }
        ClassicGroupMember leader = members.get(leaderId);
        if (leader != null && leader.isAwaitingJoin()) {
            return true;
        }
        for (ClassicGroupMember member : members.values()) {
            if (member.isAwaitingJoin()) {
                leaderId = member.memberId();
                return true;
            }
        }
        return false;
    }

    /** The longest rebalance timeout of the members: how long a rebalance waits for them. */
    int rebalanceTimeoutMs() {
        int max = 0;
        for (ClassicGroupMember member : members.values()) {
            max = Math.max(max, member.rebalanceTimeoutMs());
        }
        return max;
    }

    boolean canRebalance() {
        return GroupState.PREPARING_REBALANCE.validPrevious().contains(state);
    }

    // Protocols

    private void countProtocols(ClassicGroupMember member, int delta) {
        Set<String> names = new HashSet<>();
        member.protocols().forEach(protocol -> names.add(protocol.name()));
        names.forEach(name -> supportedProtocols.merge(name, delta, Integer::sum));
    }

    /** Whether a member with these protocols may join: same type, and a protocol every member supports. */
    boolean supportsProtocols(String memberProtocolType, List<ClassicGroupMember.Protocol> memberProtocols) {
        if (isInState(GroupState.EMPTY)) {
            return memberProtocolType != null && !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        return memberProtocolType != null && memberProtocolType.equals(protocolType)
                && memberProtocols.stream().anyMatch(protocol -> supportedProtocols.getOrDefault(protocol.name(), 0) == members.size());
    }

    /** The protocols every member supports. */
    private Set<String> candidateProtocols() {
        Set<String> candidates = new HashSet<>();
        supportedProtocols.forEach((name, count) -> {
            if (count == members.size()) {
                candidates.add(name);
            }
        });
        return candidates;
    }

    /**
     * The protocol of the next generation: each member votes for its most preferred protocol that
     * all members support, the most votes win; a tie goes to the protocol voted for first (in
     * member order, so the leader's choice when it is among them).
     */
    String selectProtocol() {
        if (members.isEmpty()) {
            throw new IllegalStateException("cannot select a protocol for the empty group " + groupId);
        }
        Set<String> candidates = candidateProtocols();
        Map<String, Integer> votes = new LinkedHashMap<>();
        List<ClassicGroupMember> voters = new ArrayList<>();
        if (leaderId != null && members.containsKey(leaderId)) {
            voters.add(members.get(leaderId));
        }
        members.values().stream().filter(member -> !member.memberId().equals(leaderId)).forEach(voters::add);
        voters.forEach(member -> votes.merge(member.vote(candidates), 1, Integer::sum));
        String best = null;
        int bestVotes = 0;
        for (Map.Entry<String, Integer> entry : votes.entrySet()) {
            if (entry.getValue() > bestVotes) {
                best = entry.getKey();
                bestVotes = entry.getValue();
            }
        }
        return best;
    }

    /** Starts the next generation: CompletingRebalance with the chosen protocol, or Empty without members. */
    void initNextGeneration(long now) {
        generationId++;
        if (!members.isEmpty()) {
            protocolName = selectProtocol();
            subscribedTopics = computeSubscribedTopics();
            transitionTo(GroupState.COMPLETING_REBALANCE, now);
        } else {
            protocolName = null;
            subscribedTopics = computeSubscribedTopics();
            transitionTo(GroupState.EMPTY, now);
        }
        pendingSyncMembers.clear();
    }

    /**
     * The topics the members subscribe to, read from the consumer protocol's subscriptions (the
     * version 0 prefix every version shares); empty when not known: not the consumer protocol, or
     * a subscription that does not parse.
     */
    private Optional<Set<String>> computeSubscribedTopics() {
        if (!CONSUMER_PROTOCOL_TYPE.equals(protocolType)) {
            return Optional.empty();
        }
        if (members.isEmpty()) {
            return Optional.of(Set.of());
        }
        if (protocolName == null) {
            return Optional.empty();
        }
        Set<String> topics = new HashSet<>();
        try {
            for (ClassicGroupMember member : members.values()) {
                ByteBuffer buffer = ByteBuffer.wrap(member.metadata(protocolName));
                ByteBufferReadable readable = new ByteBufferReadable(buffer);
                short version = readable.readShort();
                if (version < 0) {
                    return Optional.empty();
                }
                topics.addAll(new ConsumerProtocolSubscriptionData(readable, (short) 0).topics());
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(topics);
    }

    /**
     * Whether OffsetDelete must refuse a topic (GROUP_SUBSCRIBED_TO_TOPIC): a member subscribes to
     * it; when the subscriptions are not known, a consumer-protocol group is taken to subscribe.
     */
    boolean isSubscribedToTopic(String topic) {
        return subscribedTopics.map(topics -> topics.contains(topic)).orElse(CONSUMER_PROTOCOL_TYPE.equals(protocolType));
    }

    // Sync phase

    void addPendingSyncMember(String memberId) {
        pendingSyncMembers.add(memberId);
    }

    void removePendingSyncMember(String memberId) {
        pendingSyncMembers.remove(memberId);
    }

    Set<String> pendingSyncMembers() {
        return Set.copyOf(pendingSyncMembers);
    }

    void clearPendingSyncMembers() {
        pendingSyncMembers.clear();
    }

    /** The member list the leader assigns from: each member with its metadata for the chosen protocol. */
    List<JoinGroupResponseMember> leaderMemberList() {
        List<JoinGroupResponseMember> list = new ArrayList<>();
        for (ClassicGroupMember member : members.values()) {
            list.add(new JoinGroupResponseMember()
                    .setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId())
                    .setMetadata(member.metadata(protocolName)));
        }
        return list;
    }

    boolean newMemberAdded() {
        return newMemberAdded;
    }

    void setNewMemberAdded(boolean newMemberAdded) {
        this.newMemberAdded = newMemberAdded;
    }

    // Timers of the group (members keep their own heartbeat timers)

    void setJoinTimer(GroupTimer.Cancellable timer) {
        cancelJoinTimer();
        joinTimer = timer;
    }

    void cancelJoinTimer() {
        if (joinTimer != null) {
            joinTimer.cancel();
            joinTimer = null;
        }
    }

    void setSyncTimer(GroupTimer.Cancellable timer) {
        cancelSyncTimer();
        syncTimer = timer;
    }

    void cancelSyncTimer() {
        if (syncTimer != null) {
            syncTimer.cancel();
            syncTimer = null;
        }
    }

    // Loading from the log

    /**
     * Restores the state a group metadata record describes: Stable with its members (they keep
     * their generation and assignment and must heartbeat within their session timeouts), or
     * Empty.
     */
    void restore(GroupRecord.GroupMetadata record, long now) {
        members.clear();
        staticMembers.clear();
        supportedProtocols.clear();
        pendingJoinMembers.values().forEach(GroupTimer.Cancellable::cancel);
        pendingJoinMembers.clear();
        pendingSyncMembers.clear();
        awaitingJoin = 0;
        protocolType = record.protocolType();
        protocolName = record.protocolName();
        generationId = record.generationId();
        leaderId = record.leaderId();
        for (GroupRecord.MemberMetadata stored : record.members()) {
            ClassicGroupMember member = new ClassicGroupMember(stored.memberId(), stored.groupInstanceId(),
                    stored.clientId(), stored.clientHost(), stored.rebalanceTimeoutMs(), stored.sessionTimeoutMs(),
                    protocolType == null ? "" : protocolType,
                    List.of(new ClassicGroupMember.Protocol(protocolName == null ? "" : protocolName, stored.subscription())));
            member.setAssignment(stored.assignment());
            members.put(member.memberId(), member);
            if (member.isStatic()) {
                staticMembers.put(member.groupInstanceId(), member.memberId());
            }
            countProtocols(member, 1);
        }
        if (leaderId != null && !members.containsKey(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        previousState = state;
        state = members.isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
        stateTimestamp = record.stateTimestamp() >= 0 ? record.stateTimestamp() : now;
        subscribedTopics = computeSubscribedTopics();
    }

    /** The record that persists the group as it is now, with the members' current assignments. */
    GroupRecord.GroupMetadata toRecord() {
        List<GroupRecord.MemberMetadata> stored = new ArrayList<>();
        for (ClassicGroupMember member : members.values()) {
            stored.add(new GroupRecord.MemberMetadata(member.memberId(), member.groupInstanceId(), member.clientId(),
                    member.clientHost(), member.rebalanceTimeoutMs(), member.sessionTimeoutMs(),
                    protocolName == null ? new byte[0] : member.metadata(protocolName), member.assignment()));
        }
        return new GroupRecord.GroupMetadata(groupId, protocolType, generationId, protocolName, leaderId,
                stateTimestamp, stored);
    }
}
