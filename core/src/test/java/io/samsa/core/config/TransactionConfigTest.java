package io.samsa.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionConfigTest {
    private final BrokerConfigDefinition definition = new BrokerConfigDefinition();
    private final ConfigLoader loader = new ConfigLoader(definition);

    private BrokerConfig load(Map<String, String> properties) {
        return BrokerConfig.from(definition, loader.load(properties));
    }

    @Test
    void defaultsAreKafkas() {
        assertThat(load(Map.of()).transactions())
                .isEqualTo(new TransactionConfig(50, 104_857_600, 900_000, 604_800_000, 10_000, 3_600_000))
                .isEqualTo(TransactionConfig.DEFAULTS);
    }

    @Test
    void everyKeyMapsToItsRecordField() {
        // Given
        Map<String, String> properties = Map.of(
                "transaction.state.log.num.partitions", "3",
                "transaction.state.log.segment.bytes", "1048576",
                "transaction.max.timeout.ms", "60000",
                "transactional.id.expiration.ms", "120000",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "500",
                "transaction.remove.expired.transaction.cleanup.interval.ms", "1000");
        // When
        BrokerConfig config = load(properties);
        // Then
        assertThat(config.transactions()).isEqualTo(new TransactionConfig(3, 1_048_576, 60_000, 120_000, 500, 1000));
        assertThat(config.acceptedWithoutEffect()).isEmpty();
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> load(Map.of("transaction.max.timeout.ms", "0")))
                .hasMessageContaining("transaction.max.timeout.ms");
        assertThatThrownBy(() -> load(Map.of("transaction.state.log.num.partitions", "0")))
                .hasMessageContaining("transaction.state.log.num.partitions");
    }
}
