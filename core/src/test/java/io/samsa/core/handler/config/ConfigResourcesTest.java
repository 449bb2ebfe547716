package io.samsa.core.handler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.core.config.ConfigType;
import io.samsa.core.config.TopicConfig;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigResourcesTest {
    @Test
    void describingABrokerTakesItsOwnIdOrTheEmptyName() {
        assertThat(ConfigResources.describedBroker("3", 3)).isTrue();
        assertThat(ConfigResources.describedBroker("", 3)).isFalse();
        assertThatThrownBy(() -> ConfigResources.describedBroker("4", 3))
                .isInstanceOfSatisfying(ApiErrorException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessage("Unexpected broker id, expected 3 or empty string, but received 4");
        assertThatThrownBy(() -> ConfigResources.describedBroker("x", 3))
                .hasMessage("Broker id must be an integer, but it is: x");
    }

    @Test
    void alteringABrokerWordsAWrongIdAsKafkaDoes() {
        ConfigResources.alteredBroker("", 3);
        ConfigResources.alteredBroker("3", 3);
        assertThatThrownBy(() -> ConfigResources.alteredBroker("2", 3))
                .hasMessage("Unexpected broker id, expected 3, but received 2");
    }

    @Test
    void brokerKeysAreStaticAndListedSorted() {
        ApiErrorException refused = ConfigResources.staticBrokerConfigs(List.of("num.partitions", "log.dirs"));
        assertThat(refused.error()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(refused).hasMessage("Cannot update these configs dynamically: [log.dirs, num.partitions]");
    }

    @Test
    void invalidTopicNamesAreWordedAsKafkasConfigApisWordThem() {
        assertThat(ConfigResources.invalidTopicName("fine.name_1-2")).isEmpty();
        assertThat(ConfigResources.invalidTopicName("")).contains("Topic name is invalid: the empty string is not allowed");
        assertThat(ConfigResources.invalidTopicName("..")).contains("Topic name is invalid: '..' is not allowed");
        assertThat(ConfigResources.invalidTopicName("bad/name")).contains("Topic name is invalid: 'bad/name' contains one or "
                + "more characters other than ASCII alphanumerics, '.', '_' and '-'");
        assertThat(ConfigResources.invalidTopicName("x".repeat(250))).hasValueSatisfying(reason ->
                assertThat(reason).endsWith("is longer than 249"));
    }

    @Test
    void everyTopicKeyHasABrokerSynonymATypeAndDocumentation() {
        for (String name : TopicConfig.names()) {
            assertThat(ConfigResources.BROKER_SYNONYMS).as(name).containsKey(name);
            assertThat(TopicConfigDocs.of(name)).as(name).isNotBlank();
            ConfigType type = TopicConfig.type(name).orElseThrow();
            assertThat(ConfigResources.wireType(type)).as(name).isBetween((byte) 1, (byte) 7);
        }
        assertThat(ConfigResources.wireType(ConfigType.LIST)).isEqualTo((byte) 7);
        assertThat(TopicConfig.type("cleanup.policy")).contains(ConfigType.LIST);
        assertThat(TopicConfig.type("no.such.key")).isEmpty();
    }
}
