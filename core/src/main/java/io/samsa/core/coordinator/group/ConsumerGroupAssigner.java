package io.samsa.core.coordinator.group;

import static java.util.Objects.requireNonNull;

import io.samsa.core.coordinator.group.ConsumerGroup.Member;
import io.samsa.core.coordinator.group.ConsumerGroup.MemberState;
import io.samsa.core.partition.Topic;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a consumer group's partitions should go and how each member gets there: the
 * server-side assignor computes every member's target when the group epoch is ahead of the
 * assignment epoch, and {@link #reconcile} moves one member towards its target as Kafka's
 * {@code CurrentAssignmentBuilder} does (revoke first, hand out a partition only once nobody else
 * holds it). Kept apart from the heartbeat so that these rules can be reasoned about without
 * the request's validation and timers.
 */
final class ConsumerGroupAssigner {
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupAssigner.class);

    private final Supplier<Collection<Topic>> topics;
    private final List<String> assignors;

    ConsumerGroupAssigner(GroupRuntime runtime, Supplier<Collection<Topic>> topics) {
        this.topics = requireNonNull(topics, "topics is null");
        this.assignors = requireNonNull(runtime, "runtime is null").config.consumerAssignors();
    }

    /** The topics a member subscribes to that exist: named ones and, for a regex, every matching non-internal topic. */
    private static Set<String> subscribedTopics(Member member, Map<String, Topic> byName) {
        Set<String> subscribed = new HashSet<>();
        for (String name : member.subscribedTopicNames) {
            if (byName.containsKey(name)) {
                subscribed.add(name);
            }
        }
        if (member.subscribedTopicRegex != null) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(member.subscribedTopicRegex);
            } catch (PatternSyntaxException e) {
                return subscribed;
            }
            byName.values().stream()
                    .filter(topic -> !topic.isInternal())
                    .filter(topic -> pattern.matcher(topic.name()).matches())
                    .forEach(topic -> subscribed.add(topic.name()));
        }
        return subscribed;
    }

    Map<String, Topic> topicsByName() {
        Map<String, Topic> byName = new HashMap<>();
        topics.get().forEach(topic -> byName.put(topic.name(), topic));
        return byName;
    }

    Map<String, Integer> subscribedMetadata(ConsumerGroup group) {
        Map<String, Topic> byName = topicsByName();
        Map<String, Integer> metadata = new TreeMap<>();
        for (Member member : group.members.values()) {
            for (String topic : subscribedTopics(member, byName)) {
                metadata.put(topic, byName.get(topic).partitions());
            }
        }
        return metadata;
    }

    void computeTargetAssignment(ConsumerGroup group, Map<String, Integer> metadata) {
        Map<String, Topic> byName = topicsByName();
        Map<String, ConsumerAssignors.MemberSpec> specs = new HashMap<>();
        group.members.values().forEach(member -> specs.put(member.memberId,
                new ConsumerAssignors.MemberSpec(subscribedTopics(member, byName), member.target)));
        String assignor = assignorOf(group);
        Map<String, Set<TopicPartition>> targets = ConsumerAssignors.assign(assignor, specs, metadata);
        group.members.values().forEach(member -> member.target = new HashSet<>(targets.get(member.memberId)));
        group.assignmentEpoch = group.groupEpoch;
        log.info("Consumer group {}: {} assignor computed the target assignment of epoch {} for {} members",
                group.groupId, assignor, group.assignmentEpoch, group.members.size());
    }

    /** The assignor the members ask for (the first by member id that names one), else the configured default. */
    String assignorOf(ConsumerGroup group) {
        return group.members.values().stream()
                .filter(member -> member.serverAssignor != null)
                .sorted(java.util.Comparator.comparing((Member member) -> member.memberId))
                .map(member -> member.serverAssignor)
                .findFirst()
                .orElse(assignors.get(0));
    }

    /**
     * Moves a member towards its target (Kafka's {@code CurrentAssignmentBuilder}).
     *
     * @param owned the partitions the member reports owning, null when it did not say
     */
    static void reconcile(ConsumerGroup group, Member member, Set<TopicPartition> owned) {
        switch (member.state) {
            case UNREVOKED_PARTITIONS -> {
                if (owned != null && Collections.disjoint(owned, member.pendingRevocation)) {
                    member.pendingRevocation = new HashSet<>();
                    member.state = MemberState.STABLE;
                    computeNextAssignment(group, member);
                }
            }
            case UNRELEASED_PARTITIONS -> computeNextAssignment(group, member);
            case STABLE -> {
                if (member.memberEpoch != group.assignmentEpoch) {
                    computeNextAssignment(group, member);
                }
            }
        }
    }

    private static void computeNextAssignment(ConsumerGroup group, Member member) {
        Set<TopicPartition> keep = new HashSet<>(member.assigned);
        keep.retainAll(member.target);
        Set<TopicPartition> revoke = new HashSet<>(member.assigned);
        revoke.removeAll(member.target);
        if (!revoke.isEmpty()) {
            member.assigned = keep;
            member.pendingRevocation = revoke;
            member.state = MemberState.UNREVOKED_PARTITIONS;
            return;
        }
        Set<TopicPartition> unreleased = new HashSet<>();
        for (TopicPartition partition : member.target) {
            if (!keep.contains(partition) && ownedByAnother(group, member, partition)) {
                unreleased.add(partition);
            } else {
                keep.add(partition);
            }
        }
        member.assigned = keep;
        if (member.memberEpoch != group.assignmentEpoch) {
            member.previousMemberEpoch = member.memberEpoch;
            member.memberEpoch = group.assignmentEpoch;
        }
        member.state = unreleased.isEmpty() ? MemberState.STABLE : MemberState.UNRELEASED_PARTITIONS;
    }

    private static boolean ownedByAnother(ConsumerGroup group, Member member, TopicPartition partition) {
        for (Member other : group.members.values()) {
            if (other != member && (other.assigned.contains(partition) || other.pendingRevocation.contains(partition))) {
                return true;
            }
        }
        return false;
    }
}
