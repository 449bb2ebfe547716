package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.protocol.message.JoinGroupResponseData;
import io.samsa.protocol.message.SyncGroupResponseData;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group. Mutable, touched only on the coordinator's thread. A member
 * waiting in JoinGroup or SyncGroup holds the future its response completes.
 */
final class ClassicGroupMember {
    static final byte[] EMPTY_ASSIGNMENT = new byte[0];

    private final String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private final String protocolType;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private List<Protocol> protocols;
    private byte[] assignment = EMPTY_ASSIGNMENT;
    private CompletableFuture<JoinGroupResponseData> awaitingJoin;
    private CompletableFuture<SyncGroupResponseData> awaitingSync;
    private boolean isNew;
    private GroupTimer.Cancellable heartbeat;

    ClassicGroupMember(String memberId, String groupInstanceId, String clientId, String clientHost,
            int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType, List<Protocol> protocols) {
        this.memberId = requireNonNull(memberId, "memberId is null");
        this.groupInstanceId = groupInstanceId;
        this.clientId = requireNonNull(clientId, "clientId is null");
        this.clientHost = requireNonNull(clientHost, "clientHost is null");
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = requireNonNull(protocolType, "protocolType is null");
        this.protocols = List.copyOf(protocols);
    }

    /** The same member under a new id (a static member replaced by its restarted instance). */
    ClassicGroupMember withMemberId(String newMemberId) {
        ClassicGroupMember copy = new ClassicGroupMember(newMemberId, groupInstanceId, clientId, clientHost,
                rebalanceTimeoutMs, sessionTimeoutMs, protocolType, protocols);
        copy.assignment = assignment;
        return copy;
    }

    String memberId() {
        return memberId;
    }

    /** Null for a dynamic member. */
    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    String protocolType() {
        return protocolType;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    List<Protocol> protocols() {
        return protocols;
    }

    void update(List<Protocol> protocols, int rebalanceTimeoutMs, int sessionTimeoutMs) {
        this.protocols = List.copyOf(protocols);
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    byte[] assignment() {
        return assignment;
    }

    void setAssignment(byte[] assignment) {
        this.assignment = requireNonNull(assignment, "assignment is null");
    }

    /** The metadata the member sent for {@code protocol}, or an empty array. */
    byte[] metadata(String protocol) {
        for (Protocol candidate : protocols) {
            if (candidate.name().equals(protocol)) {
                return candidate.metadata();
            }
        }
        return new byte[0];
    }

    /** The member's most preferred protocol among {@code candidates}. */
    String vote(Set<String> candidates) {
        for (Protocol protocol : protocols) {
            if (candidates.contains(protocol.name())) {
                return protocol.name();
            }
        }
        throw new IllegalStateException("member " + memberId + " supports none of " + candidates);
    }

    /** True if {@code other} lists the same protocols with the same metadata, in the same order. */
    boolean matches(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).name().equals(protocols.get(i).name())
                    || !Arrays.equals(other.get(i).metadata(), protocols.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }

    CompletableFuture<JoinGroupResponseData> awaitingJoin() {
        return awaitingJoin;
    }

    void setAwaitingJoin(CompletableFuture<JoinGroupResponseData> future) {
        this.awaitingJoin = future;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    CompletableFuture<SyncGroupResponseData> awaitingSync() {
        return awaitingSync;
    }

    void setAwaitingSync(CompletableFuture<SyncGroupResponseData> future) {
        this.awaitingSync = future;
    }

    boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    boolean isNew() {
        return isNew;
    }

    void setNew(boolean isNew) {
        this.isNew = isNew;
    }

    /**
     * Whether a passed session deadline leaves the member in the group: a member parked in a
     * rebalance needs no heartbeats, unless it is new (it has no id to heartbeat with yet, and a
     * client that gave up on its JoinGroup must not hold the rebalance forever).
     */
    boolean hasSatisfiedHeartbeat() {
        return !isNew && (isAwaitingJoin() || isAwaitingSync());
    }

    GroupTimer.Cancellable heartbeat() {
        return heartbeat;
    }

    void setHeartbeat(GroupTimer.Cancellable heartbeat) {
        this.heartbeat = heartbeat;
    }

    /** A protocol a member supports (for consumers: an assignor name and the subscription). */
    record Protocol(String name, byte[] metadata) {
        Protocol {
            requireNonNull(name, "name is null");
            metadata = metadata == null ? new byte[0] : metadata;
        }
    }
}
