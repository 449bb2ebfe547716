package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Metadata and DescribeCluster in every version, field by field, as a Kafka 4.3 broker answers them. */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
class MetadataWireIT {
    private static MetadataResponseData metadata(TestBroker broker, short version, MetadataRequestData request)
            throws IOException {
        try (RawConnection connection = new RawConnection(broker.address())) {
            connection.send(ApiKeys.METADATA, version, 3, request);
            ByteBuffer frame = connection.receive().orElseThrow();
            assertThat(RawConnection.readResponseHeader(frame, ApiKeys.METADATA.responseHeaderVersion(version))
                    .correlationId()).isEqualTo(3);
            return new MetadataResponseData(new ByteBufferAccessor(frame), version);
        }
    }

    @Test
    void everyVersionDescribesThisBrokerAndNoTopics(TestBroker broker) throws IOException {
        for (short version = 0; version <= ApiKeys.METADATA.latestVersion(); version++) {
            // Given "all topics": null from v1, an empty list in v0
            MetadataRequestData request = new MetadataRequestData().setTopics(version == 0 ? new ArrayList<>() : null);
            // When
            MetadataResponseData response = metadata(broker, version, request);
            // Then
            assertThat(response.brokers()).as("v%d", version).singleElement().satisfies(node -> {
                assertThat(node.nodeId()).isEqualTo(1);
                assertThat(node.host()).isEqualTo("127.0.0.1");
                assertThat(node.port()).isEqualTo(broker.address().getPort());
                assertThat(node.rack()).isNull();
            });
            assertThat(response.topics()).isEmpty();
            if (version >= 1) {
                assertThat(response.controllerId()).isEqualTo(1);
            }
            if (version >= 2) {
                assertThat(response.clusterId()).isEqualTo(broker.clusterId());
            }
            assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void unknownInvalidAndByIdTopicsGetKafkasErrors(TestBroker broker) throws IOException {
        // Given
        Uuid unknownId = Uuid.randomUuid();
        List<MetadataRequestTopic> topics = new ArrayList<>(List.of(
                new MetadataRequestTopic().setName("nope"),
                new MetadataRequestTopic().setName("bad/name"),
                new MetadataRequestTopic().setName(null).setTopicId(unknownId)));
        // When
        MetadataResponseData response = metadata(broker, ApiKeys.METADATA.latestVersion(), new MetadataRequestData()
                .setTopics(topics).setAllowAutoTopicCreation(false).setIncludeTopicAuthorizedOperations(true));
        // Then
        assertThat(response.topics()).hasSize(3);
        MetadataResponseTopic nope = response.topics().find("nope");
        assertThat(nope.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(nope.topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(nope.partitions()).isEmpty();
        assertThat(nope.isInternal()).isFalse();
        assertThat(nope.topicAuthorizedOperations()).isEqualTo(3576);
        assertThat(response.topics().find("bad/name").errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(response.topics()).filteredOn(topic -> topic.name() == null).singleElement().satisfies(topic -> {
            assertThat(topic.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
            assertThat(topic.topicId()).isEqualTo(unknownId);
        });
    }

    @Test
    void clusterAuthorizedOperationsOnlyWhenAsked(TestBroker broker) throws IOException {
        assertThat(metadata(broker, (short) 10, new MetadataRequestData().setTopics(null)
                .setIncludeClusterAuthorizedOperations(true)).clusterAuthorizedOperations()).isEqualTo(8096);
        assertThat(metadata(broker, (short) 10, new MetadataRequestData().setTopics(null))
                .clusterAuthorizedOperations()).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void aMetadataVersionBeyondTheAdvertisedRangeClosesTheConnectionAsKafkaDoes(TestBroker broker) throws IOException {
        try (RawConnection connection = new RawConnection(broker.address())) {
            short beyond = (short) (ApiKeys.METADATA.latestVersion() + 1);
            var header = new org.apache.kafka.common.message.RequestHeaderData().setRequestApiKey(ApiKeys.METADATA.id)
                    .setRequestApiVersion(beyond).setCorrelationId(1).setClientId("x");
            connection.sendRaw(RawConnection.frame(header, (short) 2, new MetadataRequestData(), ApiKeys.METADATA.latestVersion()));
            assertThat(connection.closedByBroker(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void describeClusterInEveryVersion(TestBroker broker) throws IOException {
        for (short version = 0; version <= ApiKeys.DESCRIBE_CLUSTER.latestVersion(); version++) {
            DescribeClusterResponseData response = describeCluster(broker, version,
                    new DescribeClusterRequestData().setIncludeClusterAuthorizedOperations(version == 1));
            assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(response.clusterId()).isEqualTo(broker.clusterId());
            assertThat(response.controllerId()).isEqualTo(1);
            assertThat(response.brokers()).singleElement().satisfies(node -> {
                assertThat(node.brokerId()).isEqualTo(1);
                assertThat(node.port()).isEqualTo(broker.address().getPort());
                assertThat(node.isFenced()).isFalse();
            });
            assertThat(response.clusterAuthorizedOperations()).isEqualTo(version == 1 ? 8096 : Integer.MIN_VALUE);
        }
    }

    @Test
    void describeClusterForControllersOnABrokerListenerIsAMismatch(TestBroker broker) throws IOException {
        DescribeClusterResponseData mismatch = describeCluster(broker, (short) 1, new DescribeClusterRequestData().setEndpointType((byte) 2));
        assertThat(mismatch.errorCode()).isEqualTo(Errors.MISMATCHED_ENDPOINT_TYPE.code());
        assertThat(mismatch.errorMessage())
                .isEqualTo("The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER");
        assertThat(mismatch.brokers()).isEmpty();
        assertThat(mismatch.controllerId()).isEqualTo(-1);
        DescribeClusterResponseData unknown = describeCluster(broker, (short) 1, new DescribeClusterRequestData().setEndpointType((byte) 3));
        assertThat(unknown.errorCode()).isEqualTo(Errors.UNSUPPORTED_ENDPOINT_TYPE.code());
        assertThat(unknown.errorMessage()).isEqualTo("Unsupported endpoint type 3");
    }

    private static DescribeClusterResponseData describeCluster(TestBroker broker, short version, DescribeClusterRequestData request)
            throws IOException {
        try (RawConnection connection = new RawConnection(broker.address())) {
            connection.send(ApiKeys.DESCRIBE_CLUSTER, version, 9, request);
            ByteBuffer frame = connection.receive().orElseThrow();
            RawConnection.readResponseHeader(frame, ApiKeys.DESCRIBE_CLUSTER.responseHeaderVersion(version));
            return new DescribeClusterResponseData(new ByteBufferAccessor(frame), version);
        }
    }
}
