package io.samsa.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApiKeyTest {
    private static final Map<Short, ApiMessageType> KAFKA = Arrays.stream(ApiMessageType.values())
            .collect(Collectors.toMap(ApiMessageType::apiKey, Function.identity()));

    @Test
    void hasExactlyKafkaClientsApiKeys() {
        // Given
        Set<Short> kafkaIds = KAFKA.keySet();

        // When
        Set<Short> samsaIds = Arrays.stream(ApiKey.values()).map(ApiKey::id).collect(Collectors.toSet());

        // Then
        assertThat(samsaIds).isEqualTo(kafkaIds);
        assertThat(ApiKey.values()).hasSize(ApiMessageType.values().length);
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void matchesKafkaClientsVersionsNamesAndListeners(ApiKey key) {
        // Given
        ApiMessageType kafka = KAFKA.get(key.id());

        // When
        Set<String> kafkaListeners = kafka.listeners().stream()
                .map(l -> l.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());

        // Then
        assertThat(key.name()).isEqualTo(kafka.name());
        assertThat(key.displayName()).isEqualTo(kafka.name);
        assertThat(key.lowestSupportedVersion()).isEqualTo(kafka.lowestSupportedVersion());
        assertThat(key.highestSupportedVersion()).isEqualTo(kafka.highestSupportedVersion(true));
        assertThat(key.latestVersionUnstable()).isEqualTo(kafka.latestVersionUnstable());
        assertThat(key.listeners()).isEqualTo(kafkaListeners);
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void headerVersionsMatchKafkaClientsInEveryVersion(ApiKey key) {
        // Given
        ApiMessageType kafka = KAFKA.get(key.id());

        for (short v = key.lowestSupportedVersion(); v <= key.highestSupportedVersion(); v++) {
            // When
            short request = key.requestHeaderVersion(v);
            short response = key.responseHeaderVersion(v);

            // Then
            assertThat(request).as("%s v%d request header", key, v).isEqualTo(kafka.requestHeaderVersion(v));
            assertThat(response).as("%s v%d response header", key, v).isEqualTo(kafka.responseHeaderVersion(v));
            assertThat(key.isFlexible(v)).as("%s v%d flexible", key, v)
                    .isEqualTo(kafka.requestHeaderVersion(v) == 2);
        }
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void createsTheBodiesOfItsApi(ApiKey key) {
        // Given
        boolean hasVersions = key.lowestSupportedVersion() <= key.highestSupportedVersion();

        // When / Then
        if (hasVersions) {
            ApiMessage request = key.newRequest();
            ApiMessage response = key.newResponse();
            assertThat(request.apiKey()).isEqualTo(key.id());
            assertThat(response.apiKey()).isEqualTo(key.id());
            assertThat(request.getClass().getSimpleName()).isEqualTo(key.displayName() + "RequestData");
            assertThat(response.getClass().getSimpleName()).isEqualTo(key.displayName() + "ResponseData");
            assertThat(request.highestSupportedVersion()).isEqualTo(key.highestSupportedVersion());
            assertThat(response.lowestSupportedVersion()).isEqualTo(key.lowestSupportedVersion());
        } else {
            assertThatThrownBy(key::newRequest).isInstanceOf(UnsupportedVersionException.class);
            assertThatThrownBy(key::newResponse).isInstanceOf(UnsupportedVersionException.class);
        }
    }

    @Test
    void findsApisById() {
        // Given
        short apiVersionsId = ApiKeys.API_VERSIONS.id;

        // When
        ApiKey found = ApiKey.forId(apiVersionsId);

        // Then
        assertThat(found).isEqualTo(ApiKey.API_VERSIONS);
        assertThat(ApiKey.forId(-1)).isNull();
        assertThat(ApiKey.forId(10_000)).isNull();
        assertThat(ApiKey.forId(62)).isEqualTo(ApiKey.BROKER_REGISTRATION);
    }

    @Test
    void apiVersionsRespondsWithHeaderV0EvenWhenFlexible() {
        // Given
        short flexibleVersion = 3;

        // When
        short header = ApiKey.API_VERSIONS.responseHeaderVersion(flexibleVersion);

        // Then
        assertThat(ApiKey.API_VERSIONS.isFlexible(flexibleVersion)).isTrue();
        assertThat(ApiKey.API_VERSIONS.requestHeaderVersion(flexibleVersion)).isEqualTo((short) 2);
        assertThat(header).isZero();
    }
}
