package io.samsa.core.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsumerAssignorsTest {
    private static ConsumerAssignors.MemberSpec spec(Set<String> topics, TopicPartition... current) {
        return new ConsumerAssignors.MemberSpec(topics, Set.of(current));
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    private static void assertEveryPartitionOnce(Map<String, Set<TopicPartition>> result, Map<String, Integer> counts) {
        Set<TopicPartition> seen = new HashSet<>();
        result.values().forEach(partitions -> partitions.forEach(partition -> assertThat(seen.add(partition)).isTrue()));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(seen).hasSize(total);
    }

    @Test
    void rangeGivesContiguousRangesPerTopicFirstMembersOneMore() {
        // Given
        Map<String, ConsumerAssignors.MemberSpec> members = Map.of("a", spec(Set.of("t")), "b", spec(Set.of("t")));
        // When
        Map<String, Set<TopicPartition>> result = ConsumerAssignors.range(members, Map.of("t", 5));
        // Then
        assertThat(result.get("a")).containsExactlyInAnyOrder(tp("t", 0), tp("t", 1), tp("t", 2));
        assertThat(result.get("b")).containsExactlyInAnyOrder(tp("t", 3), tp("t", 4));
    }

    @Test
    void uniformBalancesAcrossTopicsWithinOne() {
        // Given
        Map<String, ConsumerAssignors.MemberSpec> members = Map.of("a", spec(Set.of("t", "u")),
                "b", spec(Set.of("t", "u")), "c", spec(Set.of("t", "u")));
        Map<String, Integer> counts = Map.of("t", 4, "u", 3);
        // When
        Map<String, Set<TopicPartition>> result = ConsumerAssignors.uniform(members, counts);
        // Then
        assertEveryPartitionOnce(result, counts);
        assertThat(result.values()).allSatisfy(partitions -> assertThat(partitions.size()).isBetween(2, 3));
    }

    @Test
    void uniformIsStickyWhenAMemberJoins() {
        // Given two members owning three partitions each
        Map<String, ConsumerAssignors.MemberSpec> members = new HashMap<>();
        members.put("a", spec(Set.of("t"), tp("t", 0), tp("t", 1), tp("t", 2)));
        members.put("b", spec(Set.of("t"), tp("t", 3), tp("t", 4), tp("t", 5)));
        members.put("c", spec(Set.of("t")));
        // When
        Map<String, Set<TopicPartition>> result = ConsumerAssignors.uniform(members, Map.of("t", 6));
        // Then each keeps two of its own and the newcomer gets one from each
        assertEveryPartitionOnce(result, Map.of("t", 6));
        assertThat(result.get("a")).hasSize(2).isSubsetOf(tp("t", 0), tp("t", 1), tp("t", 2));
        assertThat(result.get("b")).hasSize(2).isSubsetOf(tp("t", 3), tp("t", 4), tp("t", 5));
        assertThat(result.get("c")).hasSize(2);
    }

    @Test
    void uniformGivesPartitionsOnlyToSubscribers() {
        // Given
        Map<String, ConsumerAssignors.MemberSpec> members = Map.of("a", spec(Set.of("t")), "b", spec(Set.of("t", "u")));
        Map<String, Integer> counts = Map.of("t", 2, "u", 4);
        // When
        Map<String, Set<TopicPartition>> result = ConsumerAssignors.uniform(members, counts);
        // Then
        assertEveryPartitionOnce(result, counts);
        assertThat(result.get("a")).allSatisfy(partition -> assertThat(partition.topic()).isEqualTo("t"));
        assertThat(result.get("a")).hasSize(2);
        assertThat(result.get("b")).hasSize(4);
    }
}
