package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
class ApiVersionsIT {
    /** The APIs the broker serves today; each must be advertised with Kafka's own broker range. */
    private static final List<ApiKeys> SERVED = List.of(ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.METADATA,
            ApiKeys.API_VERSIONS, ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS, ApiKeys.INIT_PRODUCER_ID,
            ApiKeys.DESCRIBE_CLUSTER, ApiKeys.DESCRIBE_CONFIGS, ApiKeys.ALTER_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS,
            ApiKeys.CREATE_PARTITIONS, ApiKeys.DELETE_RECORDS, ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.DESCRIBE_LOG_DIRS,
            ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP,
            ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH, ApiKeys.OFFSET_DELETE, ApiKeys.DESCRIBE_GROUPS, ApiKeys.LIST_GROUPS,
            ApiKeys.DELETE_GROUPS, ApiKeys.CONSUMER_GROUP_HEARTBEAT, ApiKeys.CONSUMER_GROUP_DESCRIBE,
            ApiKeys.ADD_PARTITIONS_TO_TXN, ApiKeys.ADD_OFFSETS_TO_TXN, ApiKeys.END_TXN, ApiKeys.DESCRIBE_TRANSACTIONS,
            ApiKeys.LIST_TRANSACTIONS, ApiKeys.DESCRIBE_PRODUCERS, ApiKeys.TXN_OFFSET_COMMIT);
    /**
     * Where the broker deliberately serves less than Kafka: EndTxn v5 is transactions V2 (KIP-890
     * part 2, an epoch bump per transaction), which is not built; with no transaction.version
     * finalized, kafka-clients send v4 at most.
     */
    private static final Map<ApiKeys, Short> MAX_BELOW_KAFKA = Map.of(ApiKeys.END_TXN, (short) 4);

    @Test
    void everyVersionAdvertisesExactlyTheServedApisWithKafkasBrokerRanges(TestBroker broker) throws IOException {
        // Given what a Kafka broker of the pinned version advertises for these APIs
        Map<Short, ApiVersion> kafkaBroker = new HashMap<>();
        ApiVersionsResponse.filterApis(ApiMessageType.ListenerType.BROKER, false, true)
                .forEach(api -> kafkaBroker.put(api.apiKey(), api));
        for (short version = 0; version <= ApiKeys.API_VERSIONS.latestVersion(); version++) {
            try (RawConnection connection = new RawConnection(broker.address())) {
                // When
                connection.send(ApiKeys.API_VERSIONS, version, 42, new ApiVersionsRequestData()
                        .setClientSoftwareName("samsa-test").setClientSoftwareVersion("1.0"));
                ByteBuffer frame = connection.receive().orElseThrow();
                // Then: ApiVersions responses always use response header v0
                assertThat(RawConnection.readResponseHeader(frame, (short) 0).correlationId()).isEqualTo(42);
                var response = new ApiVersionsResponseData(new ByteBufferAccessor(frame), version);
                assertThat(response.errorCode()).as("v%d", version).isEqualTo(Errors.NONE.code());
                assertThat(response.apiKeys()).extracting(ApiVersion::apiKey)
                        .containsExactlyInAnyOrderElementsOf(SERVED.stream().map(key -> key.id).toList());
                for (ApiVersion advertised : response.apiKeys()) {
                    ApiVersion expected = kafkaBroker.get(advertised.apiKey());
                    assertThat(advertised.minVersion()).as("min of %d", advertised.apiKey()).isEqualTo(expected.minVersion());
                    short max = MAX_BELOW_KAFKA.getOrDefault(ApiKeys.forId(advertised.apiKey()), expected.maxVersion());
                    assertThat(advertised.maxVersion()).as("max of %d", advertised.apiKey()).isEqualTo(max);
                }
                if (version >= 3) {
                    assertThat(response.supportedFeatures()).isEmpty();
                    assertThat(response.finalizedFeatures()).isEmpty();
                    assertThat(response.finalizedFeaturesEpoch()).isEqualTo(-1L);
                }
            }
        }
    }

    @Test
    void aNewerApiVersionsVersionGetsAV0AnswerNamingTheSupportedRange(TestBroker broker) throws IOException {
        // Given an ApiVersions request at a version this broker does not know (KIP-511)
        short unknownVersion = (short) (ApiKeys.API_VERSIONS.latestVersion() + 1);
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(ApiKeys.API_VERSIONS.id)
                .setRequestApiVersion(unknownVersion)
                .setCorrelationId(7)
                .setClientId("future-client");
        byte[] frame = RawConnection.frame(header, (short) 2, new ApiVersionsRequestData()
                .setClientSoftwareName("future").setClientSoftwareVersion("9.9"), ApiKeys.API_VERSIONS.latestVersion());
        try (RawConnection connection = new RawConnection(broker.address())) {
            // When
            connection.sendRaw(frame);
            ByteBuffer response = connection.receive().orElseThrow();
            // Then
            assertThat(RawConnection.readResponseHeader(response, (short) 0).correlationId()).isEqualTo(7);
            var body = new ApiVersionsResponseData(new ByteBufferAccessor(response), (short) 0);
            assertThat(body.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(body.apiKeys()).singleElement().satisfies(api -> {
                assertThat(api.apiKey()).isEqualTo(ApiKeys.API_VERSIONS.id);
                assertThat(api.minVersion()).isEqualTo(ApiKeys.API_VERSIONS.oldestVersion());
                assertThat(api.maxVersion()).isEqualTo(ApiKeys.API_VERSIONS.latestVersion());
            });
            // And the connection stays open for the retry at a version both sides know
            connection.send(ApiKeys.API_VERSIONS, (short) 0, 8, new ApiVersionsRequestData());
            ByteBuffer retry = connection.receive().orElseThrow();
            assertThat(RawConnection.readResponseHeader(retry, (short) 0).correlationId()).isEqualTo(8);
            assertThat(new ApiVersionsResponseData(new ByteBufferAccessor(retry), (short) 0).errorCode())
                    .isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void invalidClientSoftwareNameIsAnInvalidRequest(TestBroker broker) throws IOException {
        try (RawConnection connection = new RawConnection(broker.address())) {
            connection.send(ApiKeys.API_VERSIONS, (short) 3, 1, new ApiVersionsRequestData()
                    .setClientSoftwareName("bad name!").setClientSoftwareVersion("1"));
            ByteBuffer frame = connection.receive().orElseThrow();
            RawConnection.readResponseHeader(frame, (short) 0);
            var body = new ApiVersionsResponseData(new ByteBufferAccessor(frame), (short) 3);
            assertThat(body.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        }
    }

    @Test
    void anUnknownApiKeyClosesOnlyThatConnection(TestBroker broker) throws IOException {
        try (RawConnection bystander = new RawConnection(broker.address());
                RawConnection offender = new RawConnection(broker.address())) {
            // Given a frame with API key 999 (no such API)
            RequestHeaderData header = new RequestHeaderData()
                    .setRequestApiKey((short) 999).setRequestApiVersion((short) 0).setCorrelationId(1).setClientId("x");
            // When
            offender.sendRaw(RawConnection.frame(header, (short) 1, new ApiVersionsRequestData(), (short) 0));
            // Then
            assertThat(offender.closedByBroker(Duration.ofSeconds(5))).isTrue();
            bystander.send(ApiKeys.API_VERSIONS, (short) 0, 2, new ApiVersionsRequestData());
            assertThat(bystander.receive()).isPresent();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder(TestBroker broker) throws IOException {
        try (RawConnection connection = new RawConnection(broker.address())) {
            // Given ten requests of two APIs written back to back before reading anything
            java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
            for (int correlationId = 0; correlationId < 10; correlationId++) {
                boolean metadata = correlationId % 2 == 0;
                ApiKeys key = metadata ? ApiKeys.METADATA : ApiKeys.API_VERSIONS;
                short version = metadata ? (short) 12 : (short) 3;
                RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                        .setCorrelationId(correlationId).setClientId("pipeline");
                batch.writeBytes(RawConnection.frame(header, key.requestHeaderVersion(version),
                        metadata ? new MetadataRequestData().setTopics(null) : new ApiVersionsRequestData()
                                .setClientSoftwareName("p").setClientSoftwareVersion("1"), version));
            }
            // When
            connection.sendRaw(batch.toByteArray());
            // Then
            for (int correlationId = 0; correlationId < 10; correlationId++) {
                ByteBuffer frame = connection.receive().orElseThrow();
                boolean metadata = correlationId % 2 == 0;
                short headerVersion = metadata ? ApiKeys.METADATA.responseHeaderVersion((short) 12) : 0;
                assertThat(RawConnection.readResponseHeader(frame, headerVersion).correlationId()).isEqualTo(correlationId);
                if (metadata) {
                    var body = new MetadataResponseData(new ByteBufferAccessor(frame), (short) 12);
                    assertThat(body.clusterId()).isEqualTo(broker.clusterId());
                }
            }
        }
    }
}
