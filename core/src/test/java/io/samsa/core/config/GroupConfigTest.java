package io.samsa.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupConfigTest {
    private final BrokerConfigDefinition definition = new BrokerConfigDefinition();
    private final ConfigLoader loader = new ConfigLoader(definition);

    private BrokerConfig load(Map<String, String> properties) {
        return BrokerConfig.from(definition, loader.load(properties));
    }

    @Test
    void defaultsAreKafkas() {
        // When
        GroupConfig config = load(Map.of()).groups();
        // Then
        assertThat(config).isEqualTo(new GroupConfig(50, 3000, 6000, 1_800_000, Integer.MAX_VALUE, 4096, 604_800_000L, 600_000L));
    }

    @Test
    void everyKeyMapsToItsRecordField() {
        // Given
        Map<String, String> properties = Map.ofEntries(
                Map.entry("offsets.topic.num.partitions", "7"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("group.min.session.timeout.ms", "1000"),
                Map.entry("group.max.session.timeout.ms", "60000"),
                Map.entry("group.max.size", "3"),
                Map.entry("offset.metadata.max.bytes", "10"),
                Map.entry("offsets.retention.minutes", "2"),
                Map.entry("offsets.retention.check.interval.ms", "500"),
                Map.entry("group.consumer.heartbeat.interval.ms", "500"),
                Map.entry("group.consumer.session.timeout.ms", "9000"),
                Map.entry("group.consumer.assignors", "range,uniform"));
        // When
        BrokerConfig config = load(properties);
        // Then the settings act: none is reported as accepted without effect
        assertThat(config.groups()).isEqualTo(new GroupConfig(7, 0, 1000, 60_000, 3, 10, 120_000L, 500L, 500, 9000,
                List.of("range", "uniform")));
        assertThat(config.acceptedWithoutEffect()).isEmpty();
    }

    @Test
    void replicationOfTheOffsetsTopicIsAcceptedButNotInEffectYet() {
        BrokerConfig config = load(Map.of("offsets.retention.minutes", "60", "offsets.topic.replication.factor", "1"));
        assertThat(config.acceptedWithoutEffect()).containsExactly("offsets.topic.replication.factor");
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> load(Map.of("offsets.topic.num.partitions", "0")))
                .hasMessageContaining("offsets.topic.num.partitions");
        assertThatThrownBy(() -> load(Map.of("group.initial.rebalance.delay.ms", "-1")))
                .hasMessageContaining("group.initial.rebalance.delay.ms");
        assertThatThrownBy(() -> load(Map.of("offsets.retention.minutes", "0")))
                .hasMessageContaining("offsets.retention.minutes");
        assertThatThrownBy(() -> load(Map.of("offsets.retention.check.interval.ms", "0")))
                .hasMessageContaining("offsets.retention.check.interval.ms");
    }
}
