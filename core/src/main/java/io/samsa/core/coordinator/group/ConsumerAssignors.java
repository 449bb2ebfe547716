package io.samsa.core.coordinator.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server-side assignors of KIP-848 consumer groups ({@code group.consumer.assignors}): each
 * turns the members' subscriptions (topic names already resolved, regexes included) and the
 * topics' partition counts into a target assignment. Pure functions, unit-tested on their own.
 */
final class ConsumerAssignors {
    static final String UNIFORM = "uniform";
    static final String RANGE = "range";
    /** Kafka 4's default, uniform first. */
    static final List<String> DEFAULT = List.of(UNIFORM, RANGE);

    /** One member as an assignor sees it. */
    record MemberSpec(Set<String> topics, Set<TopicPartition> currentTarget) {}

    private ConsumerAssignors() {}

    static boolean supports(String name) {
        return UNIFORM.equals(name) || RANGE.equals(name);
    }

    static Map<String, Set<TopicPartition>> assign(String assignor, Map<String, MemberSpec> members,
            Map<String, Integer> partitionCounts) {
        return RANGE.equals(assignor) ? range(members, partitionCounts) : uniform(members, partitionCounts);
    }

    /**
     * Kafka's range assignor: per topic, the subscribed members (by member id) get contiguous
     * ranges, the first ones one partition more when the count does not divide evenly.
     */
    static Map<String, Set<TopicPartition>> range(Map<String, MemberSpec> members, Map<String, Integer> partitionCounts) {
        Map<String, Set<TopicPartition>> result = emptyResult(members);
        for (Map.Entry<String, Integer> topic : new TreeMap<>(partitionCounts).entrySet()) {
            List<String> subscribers = members.entrySet().stream()
                    .filter(member -> member.getValue().topics().contains(topic.getKey()))
                    .map(Map.Entry::getKey).sorted().toList();
            if (subscribers.isEmpty()) {
                continue;
            }
            int count = topic.getValue();
            int quota = count / subscribers.size();
            int extra = count % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int size = quota + (i < extra ? 1 : 0);
                for (int p = next; p < next + size; p++) {
                    result.get(subscribers.get(i)).add(new TopicPartition(topic.getKey(), p));
                }
                next += size;
            }
        }
        return result;
    }

    /**
     * A uniform assignment: every partition of a subscribed topic goes to one subscribed member,
     * members' counts differ by at most one where their subscriptions allow it, and a partition
     * stays with its previous target owner where that keeps the balance (sticky).
     */
    static Map<String, Set<TopicPartition>> uniform(Map<String, MemberSpec> members, Map<String, Integer> partitionCounts) {
        Map<String, Set<TopicPartition>> result = emptyResult(members);
        if (members.isEmpty()) {
            return result;
        }
        List<TopicPartition> all = new ArrayList<>();
        new TreeMap<>(partitionCounts).forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                all.add(new TopicPartition(topic, p));
            }
        });
        Map<TopicPartition, List<String>> eligible = new HashMap<>();
        int subscribed = 0;
        for (TopicPartition partition : all) {
            List<String> candidates = members.entrySet().stream()
                    .filter(member -> member.getValue().topics().contains(partition.topic()))
                    .map(Map.Entry::getKey).sorted().toList();
            if (!candidates.isEmpty()) {
                eligible.put(partition, candidates);
                subscribed++;
            }
        }
        // An upper bound per member for keeping: the even share, rounded up.
        int cap = (subscribed + members.size() - 1) / members.size();
        Set<TopicPartition> placed = new HashSet<>();
        for (String memberId : new TreeSet<>(members.keySet())) {
            List<TopicPartition> previous = new ArrayList<>(members.get(memberId).currentTarget());
            previous.sort(TopicPartition.ORDER);
            for (TopicPartition partition : previous) {
                List<String> candidates = eligible.get(partition);
                if (candidates != null && candidates.contains(memberId) && !placed.contains(partition)
                        && result.get(memberId).size() < cap) {
                    result.get(memberId).add(partition);
                    placed.add(partition);
                }
            }
        }
        for (TopicPartition partition : all) {
            List<String> candidates = eligible.get(partition);
            if (candidates == null || placed.contains(partition)) {
                continue;
            }
            String least = leastLoaded(candidates, result);
            result.get(least).add(partition);
            placed.add(partition);
        }
        // Balance: move partitions from the most to the least loaded eligible member while that helps.
        boolean moved = true;
        int rounds = 0;
        while (moved && rounds++ < all.size() * members.size() + 1) {
            moved = false;
            List<String> byLoad = new ArrayList<>(result.keySet());
            byLoad.sort(Comparator.comparingInt((String id) -> result.get(id).size()).reversed()
                    .thenComparing(Comparator.naturalOrder()));
            outer:
            for (String from : byLoad) {
                for (TopicPartition partition : sorted(result.get(from))) {
                    for (String to : eligible.get(partition)) {
                        if (result.get(to).size() + 1 < result.get(from).size()) {
                            result.get(from).remove(partition);
                            result.get(to).add(partition);
                            moved = true;
                            break outer;
                        }
                    }
                }
            }
        }
        return result;
    }

    private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        List<TopicPartition> list = new ArrayList<>(partitions);
        list.sort(TopicPartition.ORDER.reversed());
        return list;
    }

    private static String leastLoaded(List<String> candidates, Map<String, Set<TopicPartition>> result) {
        String least = candidates.get(0);
        for (String candidate : candidates) {
            if (result.get(candidate).size() < result.get(least).size()) {
                least = candidate;
            }
        }
        return least;
    }

    private static Map<String, Set<TopicPartition>> emptyResult(Map<String, MemberSpec> members) {
        Map<String, Set<TopicPartition>> result = new HashMap<>();
        members.keySet().forEach(id -> result.put(id, new HashSet<>()));
        return result;
    }
}
