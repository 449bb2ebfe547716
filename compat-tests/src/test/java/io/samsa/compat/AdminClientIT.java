package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "node.id", value = "5")
@BrokerProperty(key = "broker.rack", value = "rack-1")
@BrokerProperty(key = "auto.create.topics.enable", value = "false")
class AdminClientIT {
    private static Admin admin(TestBroker broker) {
        return Clients.admin(broker.bootstrapServers(), Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
    }

    @Test
    void describeClusterReportsThisBroker(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            // When
            DescribeClusterResult cluster = admin.describeCluster();
            // Then
            assertThat(cluster.clusterId().get()).isEqualTo(broker.clusterId());
            Node controller = cluster.controller().get();
            assertThat(controller.id()).isEqualTo(5);
            assertThat(cluster.nodes().get()).singleElement().satisfies(node -> {
                assertThat(node.id()).isEqualTo(5);
                assertThat(node.host()).isEqualTo("127.0.0.1");
                assertThat(node.port()).isEqualTo(broker.address().getPort());
                assertThat(node.rack()).isEqualTo("rack-1");
            });
        }
    }

    @Test
    void withoutAnAuthorizerEveryClusterOperationIsReportedAllowed(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            var operations = admin.describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true))
                    .authorizedOperations().get();
            // The set a Kafka 4 broker without an authorizer reports
            assertThat(operations).containsExactlyInAnyOrder(AclOperation.CREATE, AclOperation.ALTER, AclOperation.DESCRIBE,
                    AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
                    AclOperation.IDEMPOTENT_WRITE);
        }
    }

    @Test
    void listTopicsIsEmptyAndUnknownTopicsAreReportedAsSuch(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            assertThat(admin.listTopics().names().get()).isEmpty();
            assertThatThrownBy(() -> admin.describeTopics(List.of("no-such-topic")).allTopicNames().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void producerMetadataRoundTripReachesTheBroker(TestBroker broker) {
        try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrapServers(),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000"))) {
            // When the producer asks for the partitions of a topic that does not exist (and auto-creation is off)
            // Then it gets Kafka's answer for a missing topic: not present in metadata
            assertThatThrownBy(() -> producer.partitionsFor("orders"))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("Topic orders not present in metadata");
            // and the "not present" is the broker's answer, not an unreachable broker: responses came back
            double responses = producer.metrics().entrySet().stream()
                    .filter(entry -> entry.getKey().name().equals("response-total")
                            && entry.getKey().group().equals("producer-metrics"))
                    .mapToDouble(entry -> ((Number) entry.getValue().metricValue()).doubleValue())
                    .sum();
            assertThat(responses).isGreaterThanOrEqualTo(2);
        }
    }
}
