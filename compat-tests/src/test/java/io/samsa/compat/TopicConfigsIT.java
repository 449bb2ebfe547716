package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigType;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** DescribeConfigs, IncrementalAlterConfigs and AlterConfigs through kafka-clients' Admin (and raw requests where Admin cannot). */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "message.max.bytes", value = "2000000")
@BrokerProperty(key = "log.retention.check.interval.ms", value = "200")
class TopicConfigsIT {
    /** Every topic key Samsa knows. */
    private static final List<String> TOPIC_KEYS = List.of("cleanup.policy", "compression.type", "flush.messages", "flush.ms",
            "index.interval.bytes", "message.timestamp.after.max.ms", "message.timestamp.before.max.ms",
            "max.message.bytes", "message.timestamp.type", "min.insync.replicas", "retention.bytes", "retention.ms",
            "segment.bytes", "segment.ms");

    private static Admin admin(TestBroker broker) {
        return Clients.admin(broker.bootstrapServers(), Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
    }

    private static KafkaProducer<String, String> producer(TestBroker broker) {
        return Clients.producer(broker.bootstrapServers(), Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.RETRIES_CONFIG, "0"));
    }

    private static Map<String, ConfigEntry> describe(Admin admin, ConfigResource resource, boolean synonyms) throws Exception {
        Config config = admin.describeConfigs(List.of(resource),
                new DescribeConfigsOptions().includeSynonyms(synonyms).includeDocumentation(synonyms)).all().get().get(resource);
        return config.entries().stream().collect(Collectors.toMap(ConfigEntry::name, Function.identity()));
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private static void alter(Admin admin, String topic, AlterConfigOp... ops) throws Exception {
        admin.incrementalAlterConfigs(Map.of(topic(topic), List.of(ops))).all().get();
    }

    private static AlterConfigOp op(String name, String value, OpType type) {
        return new AlterConfigOp(new ConfigEntry(name, value), type);
    }

    private static List<String> synonyms(ConfigEntry entry) {
        return entry.synonyms().stream().map(synonym -> synonym(synonym.name(), synonym.value(), synonym.source())).toList();
    }

    private static String synonym(String name, String value, ConfigSource source) {
        return name + "=" + value + " (" + source + ")";
    }

    @Test
    void topicConfigsShowOverridesStaticBrokerSettingsAndDefaultsWithKafkasSynonyms(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            // Given a topic with two overrides, on a broker whose message.max.bytes is set
            Clients.createTopic(admin, "described", 1, Map.of("retention.ms", "1000", "cleanup.policy", "compact,delete"));
            // When
            Map<String, ConfigEntry> entries = describe(admin, topic("described"), true);
            // Then every topic key is there, writable and not sensitive, with its documentation
            assertThat(entries).containsOnlyKeys(TOPIC_KEYS);
            entries.values().forEach(entry -> {
                assertThat(entry.isReadOnly()).as(entry.name()).isFalse();
                assertThat(entry.isSensitive()).as(entry.name()).isFalse();
                assertThat(entry.documentation()).as(entry.name()).isNotBlank();
            });
            // An override is the topic's own (DYNAMIC_TOPIC_CONFIG), then come the broker key's setting and default
            ConfigEntry retention = entries.get("retention.ms");
            assertThat(retention.value()).isEqualTo("1000");
            assertThat(retention.source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(retention.type()).isEqualTo(ConfigType.LONG);
            assertThat(synonyms(retention)).containsExactly(synonym("retention.ms", "1000", ConfigSource.DYNAMIC_TOPIC_CONFIG));
            ConfigEntry cleanup = entries.get("cleanup.policy");
            assertThat(cleanup.value()).isEqualTo("compact,delete");
            assertThat(cleanup.type()).isEqualTo(ConfigType.LIST);
            assertThat(synonyms(cleanup)).containsExactly(
                    synonym("cleanup.policy", "compact,delete", ConfigSource.DYNAMIC_TOPIC_CONFIG),
                    synonym("log.cleanup.policy", "delete", ConfigSource.DEFAULT_CONFIG));
            // A broker key set in the broker's configuration is STATIC_BROKER_CONFIG
            ConfigEntry maxMessage = entries.get("max.message.bytes");
            assertThat(maxMessage.value()).isEqualTo("2000000");
            assertThat(maxMessage.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
            assertThat(maxMessage.type()).isEqualTo(ConfigType.INT);
            assertThat(synonyms(maxMessage)).containsExactly(
                    synonym("message.max.bytes", "2000000", ConfigSource.STATIC_BROKER_CONFIG),
                    synonym("message.max.bytes", "1048588", ConfigSource.DEFAULT_CONFIG));
            // Defaults: Kafka names only the one broker key behind a topic key, and only when it has a value
            ConfigEntry segmentMs = entries.get("segment.ms");
            assertThat(segmentMs.value()).isEqualTo("604800000");
            assertThat(segmentMs.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
            assertThat(segmentMs.synonyms()).isEmpty();
            assertThat(synonyms(entries.get("retention.bytes")))
                    .containsExactly(synonym("log.retention.bytes", "-1", ConfigSource.DEFAULT_CONFIG));
            assertThat(entries.get("message.timestamp.type").value()).isEqualTo("CreateTime");
            assertThat(entries.get("message.timestamp.type").type()).isEqualTo(ConfigType.STRING);
        }
    }

    @Test
    void withoutTheFlagsThereAreNoSynonymsOrDocumentation(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "plain", 1);
            Map<String, ConfigEntry> entries = describe(admin, topic("plain"), false);
            assertThat(entries).containsOnlyKeys(TOPIC_KEYS);
            assertThat(entries.get("cleanup.policy").synonyms()).isEmpty();
            assertThat(entries.get("cleanup.policy").documentation()).isNull();
            assertThat(entries.get("retention.ms").value()).isEqualTo("604800000");
            assertThat(entries.get("retention.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        }
    }

    @Test
    void anUnknownTopicIsReportedAsSuch(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            assertThatThrownBy(() -> describe(admin, topic("never-created"), false))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void theBrokerResourceListsTheBrokerKeysAsReadOnly(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            // When
            Map<String, ConfigEntry> entries = describe(admin,
                    new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker.nodeId())), true);
            // Then
            assertThat(entries).containsKeys("node.id", "listeners", "log.dirs", "num.partitions", "log.retention.hours",
                    "message.max.bytes", "broker.rack");
            entries.values().forEach(entry -> assertThat(entry.isReadOnly()).as(entry.name()).isTrue());
            ConfigEntry logDirs = entries.get("log.dirs");
            assertThat(logDirs.value()).isEqualTo(broker.dataDir().toString());
            assertThat(logDirs.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
            assertThat(logDirs.type()).isEqualTo(ConfigType.LIST);
            ConfigEntry retentionHours = entries.get("log.retention.hours");
            assertThat(retentionHours.value()).isEqualTo("168");
            assertThat(retentionHours.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
            assertThat(synonyms(retentionHours)).containsExactly(synonym("log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG));
            assertThat(synonyms(entries.get("message.max.bytes"))).containsExactly(
                    synonym("message.max.bytes", "2000000", ConfigSource.STATIC_BROKER_CONFIG),
                    synonym("message.max.bytes", "1048588", ConfigSource.DEFAULT_CONFIG));
            assertThat(entries.get("broker.rack").value()).isNull();
            assertThat(entries.get("broker.rack").synonyms()).isEmpty();
        }
    }

    @Test
    void anotherBrokersIdIsAnInvalidRequestAndTheEmptyNameHasNoDynamicDefaults(TestBroker broker) throws Exception {
        try (RawConnection connection = new RawConnection(broker.address())) {
            // Given a raw request (Admin would route a resource for broker 99 to a broker that does not exist)
            DescribeConfigsRequestData request = new DescribeConfigsRequestData().setResources(List.of(
                    new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType(ConfigResource.Type.BROKER.id())
                            .setResourceName("99").setConfigurationKeys(null),
                    new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType(ConfigResource.Type.BROKER.id())
                            .setResourceName("").setConfigurationKeys(null),
                    new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType(ConfigResource.Type.TOPIC.id())
                            .setResourceName("bad/name").setConfigurationKeys(null)));
            // When
            DescribeConfigsResponseData response = describeConfigs(connection, (short) 4, request);
            // Then, as a Kafka 4.3 broker answers
            assertThat(response.results()).hasSize(3);
            assertThat(response.results().get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            assertThat(response.results().get(0).errorMessage())
                    .isEqualTo("Unexpected broker id, expected " + broker.nodeId() + " or empty string, but received 99");
            assertThat(response.results().get(1).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(response.results().get(1).configs()).isEmpty();
            assertThat(response.results().get(2).errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        }
    }

    @Test
    void configurationKeysSelectEntriesInEveryVersion(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "selected", 1, Map.of("segment.bytes", "100000"));
        }
        for (short version = 1; version <= 4; version++) {
            try (RawConnection connection = new RawConnection(broker.address())) {
                DescribeConfigsRequestData request = new DescribeConfigsRequestData().setIncludeSynonyms(true)
                        .setIncludeDocumentation(version >= 3)
                        .setResources(List.of(new DescribeConfigsRequestData.DescribeConfigsResource()
                                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("selected")
                                .setConfigurationKeys(List.of("segment.bytes", "no.such.key"))));
                DescribeConfigsResponseData response = describeConfigs(connection, version, request);
                assertThat(response.results()).singleElement().satisfies(result -> {
                    assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
                    assertThat(result.configs()).extracting(DescribeConfigsResourceResult::name).containsExactly("segment.bytes");
                    assertThat(result.configs().getFirst().value()).isEqualTo("100000");
                    assertThat(result.configs().getFirst().configSource()).isEqualTo(DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG.id());
                });
            }
        }
    }

    @Test
    void loweringMaxMessageBytesRefusesLargerBatchesAtOnceAndDeletingTheOverrideRestoresTheDefault(TestBroker broker)
            throws Exception {
        String large = "x".repeat(5_000);
        try (Admin admin = admin(broker); KafkaProducer<String, String> producer = producer(broker)) {
            // Given a topic that takes a 5 kB record
            Clients.createTopic(admin, "limited", 1);
            producer.send(new ProducerRecord<>("limited", 0, null, large)).get();
            // When its max.message.bytes is lowered to 1000
            alter(admin, "limited", op("max.message.bytes", "1000", OpType.SET));
            // Then the same record is refused, and the override is described
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("limited", 0, null, large)).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            ConfigEntry entry = describe(admin, topic("limited"), false).get("max.message.bytes");
            assertThat(entry.value()).isEqualTo("1000");
            assertThat(entry.source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
            // And after DELETE the broker's value applies again
            alter(admin, "limited", op("max.message.bytes", null, OpType.DELETE));
            assertThat(describe(admin, topic("limited"), false).get("max.message.bytes").source())
                    .isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
            assertThat(producer.send(new ProducerRecord<>("limited", 0, null, large)).get().offset()).isEqualTo(1);
        }
    }

    @Test
    void appendAndSubtractEditTheItemsOfAListKey(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "policy", 1);
            // APPEND starts from the effective value (the default "delete")
            alter(admin, "policy", op("cleanup.policy", "compact", OpType.APPEND));
            assertThat(describe(admin, topic("policy"), false).get("cleanup.policy").value()).isEqualTo("delete,compact");
            // an item already there is not added twice
            alter(admin, "policy", op("cleanup.policy", "compact", OpType.APPEND));
            assertThat(describe(admin, topic("policy"), false).get("cleanup.policy").value()).isEqualTo("delete,compact");
            alter(admin, "policy", op("cleanup.policy", "delete", OpType.SUBTRACT));
            ConfigEntry entry = describe(admin, topic("policy"), false).get("cleanup.policy");
            assertThat(entry.value()).isEqualTo("compact");
            assertThat(entry.source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        }
    }

    @Test
    void badOperationsKeysAndValuesAreInvalidConfigAndChangeNothing(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "guarded", 1, Map.of("retention.ms", "5000"));
            assertThatThrownBy(() -> alter(admin, "guarded", op("retention.ms", "10", OpType.APPEND)))
                    .hasCauseInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("Can't APPEND to key retention.ms because its type is not LIST.");
            assertThatThrownBy(() -> alter(admin, "guarded", op("retention.ms", "10", OpType.SUBTRACT)))
                    .hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> alter(admin, "guarded", op("no.such.key", "1", OpType.SET)))
                    .hasCauseInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("Unknown topic config name: no.such.key");
            assertThatThrownBy(() -> alter(admin, "guarded", op("retention.ms", "1", OpType.SET), op("segment.ms", "soon", OpType.SET)))
                    .hasCauseInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("segment.ms");
            assertThatThrownBy(() -> alter(admin, "guarded", op("cleanup.policy", "shred", OpType.APPEND)))
                    .hasCauseInstanceOf(InvalidConfigurationException.class);
            // nothing of a refused request was applied
            Map<String, ConfigEntry> entries = describe(admin, topic("guarded"), false);
            assertThat(entries.get("retention.ms").value()).isEqualTo("5000");
            assertThat(entries.get("cleanup.policy").value()).isEqualTo("delete");
            assertThatThrownBy(() -> alter(admin, "never-created", op("retention.ms", "1", OpType.SET)))
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void validateOnlyChecksWithoutChanging(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "dry-run", 1);
            admin.incrementalAlterConfigs(Map.of(topic("dry-run"), List.of(op("retention.ms", "1234", OpType.SET))),
                    new AlterConfigsOptions().validateOnly(true)).all().get();
            assertThat(describe(admin, topic("dry-run"), false).get("retention.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
            assertThatThrownBy(() -> admin.incrementalAlterConfigs(
                    Map.of(topic("dry-run"), List.of(op("retention.ms", "-5", OpType.SET))),
                    new AlterConfigsOptions().validateOnly(true)).all().get())
                    .hasCauseInstanceOf(InvalidConfigurationException.class);
        }
    }

    @Test
    void aLowerRetentionMsActsOnTheOpenLog(TestBroker broker) throws Exception {
        TopicPartition partition = new TopicPartition("shrinking", 0);
        try (Admin admin = admin(broker)) {
            // Given a topic with small segments that keeps records for an hour, holding a few segments of fresh records
            Clients.createTopic(admin, "shrinking", 1, Map.of("segment.bytes", "2048", "retention.ms", "3600000"));
            try (KafkaProducer<String, String> producer = producer(broker)) {
                for (int i = 0; i < 60; i++) {
                    producer.send(new ProducerRecord<>("shrinking", 0, null, "record-" + "y".repeat(200) + i)).get();
                }
            }
            // When retention.ms drops to one millisecond
            alter(admin, "shrinking", op("retention.ms", "1", OpType.SET));
            // Then the next retention check deletes the closed segments
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset())
                            .isGreaterThan(0));
        }
    }

    @Test
    void brokerKeysCannotBeChangedWhileTheBrokerRuns(TestBroker broker) throws Exception {
        ConfigResource self = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker.nodeId()));
        try (Admin admin = admin(broker)) {
            assertThatThrownBy(() -> admin.incrementalAlterConfigs(
                    Map.of(self, List.of(op("log.retention.ms", "1000", OpType.SET)))).all().get())
                    .hasCauseInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("Cannot update these configs dynamically: [log.retention.ms]");
        }
    }

    @Test
    void legacyAlterConfigsReplacesTheWholeSetOfOverrides(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            // Given a topic with two overrides
            Clients.createTopic(admin, "replaced", 1, Map.of("retention.ms", "1000", "max.message.bytes", "5000"));
            // When AlterConfigs (which Admin no longer sends) names only segment.ms
            AlterConfigsResponseData response;
            try (RawConnection connection = new RawConnection(broker.address())) {
                AlterConfigsRequestData request = new AlterConfigsRequestData();
                var replaced = new AlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("replaced");
                replaced.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("segment.ms").setValue("100000"));
                request.resources().add(replaced);
                request.resources().add(new AlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("never-created"));
                connection.send(ApiKeys.ALTER_CONFIGS, (short) 2, 3, request);
                ByteBuffer frame = connection.receive().orElseThrow();
                RawConnection.readResponseHeader(frame, ApiKeys.ALTER_CONFIGS.responseHeaderVersion((short) 2));
                response = new AlterConfigsResponseData(new ByteBufferAccessor(frame), (short) 2);
            }
            // Then only segment.ms is overridden; the other keys are back to the broker's values
            assertThat(response.responses()).extracting(AlterConfigsResponseData.AlterConfigsResourceResponse::errorCode)
                    .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            Map<String, ConfigEntry> entries = describe(admin, topic("replaced"), false);
            assertThat(entries.get("segment.ms").source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(entries.get("segment.ms").value()).isEqualTo("100000");
            assertThat(entries.get("retention.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
            assertThat(entries.get("max.message.bytes").value()).isEqualTo("2000000");
        }
    }

    @Test
    void everyAlterVersionIsServed(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "versioned", 1);
            for (short version = 0; version <= 1; version++) {
                // IncrementalAlterConfigs: a good SET, then an unknown operation, which Kafka answers as an unexpected error
                IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
                var good = new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("versioned");
                good.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                        .setConfigOperation(OpType.SET.id()).setValue("1000" + version));
                request.resources().add(good);
                IncrementalAlterConfigsResponseData response;
                try (RawConnection connection = new RawConnection(broker.address())) {
                    connection.send(ApiKeys.INCREMENTAL_ALTER_CONFIGS, version, 4, request);
                    ByteBuffer frame = connection.receive().orElseThrow();
                    RawConnection.readResponseHeader(frame, ApiKeys.INCREMENTAL_ALTER_CONFIGS.responseHeaderVersion(version));
                    response = new IncrementalAlterConfigsResponseData(new ByteBufferAccessor(frame), version);
                }
                assertThat(response.responses()).singleElement().satisfies(result ->
                        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code()));
                assertThat(describe(admin, topic("versioned"), false).get("retention.ms").value()).isEqualTo("1000" + version);
            }
            for (short version = 0; version <= 2; version++) {
                AlterConfigsRequestData request = new AlterConfigsRequestData();
                var resource = new AlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("versioned");
                resource.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("segment.ms").setValue("2000" + version));
                request.resources().add(resource);
                var self = new AlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.BROKER.id()).setResourceName(Integer.toString(broker.nodeId()));
                self.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("log.dirs").setValue("/elsewhere"));
                request.resources().add(self);
                AlterConfigsResponseData response;
                try (RawConnection connection = new RawConnection(broker.address())) {
                    connection.send(ApiKeys.ALTER_CONFIGS, version, 5, request);
                    ByteBuffer frame = connection.receive().orElseThrow();
                    RawConnection.readResponseHeader(frame, ApiKeys.ALTER_CONFIGS.responseHeaderVersion(version));
                    response = new AlterConfigsResponseData(new ByteBufferAccessor(frame), version);
                }
                List<AlterConfigsResponseData.AlterConfigsResourceResponse> results = new java.util.ArrayList<>(response.responses());
                assertThat(results.get(0).errorCode()).as("v%d", version).isEqualTo(Errors.NONE.code());
                assertThat(results.get(1).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
                assertThat(results.get(1).errorMessage()).isEqualTo("Cannot update these configs dynamically: [log.dirs]");
                assertThat(describe(admin, topic("versioned"), false).get("segment.ms").value()).isEqualTo("2000" + version);
            }
        }
    }

    @Test
    void anUnknownOperationAndADuplicatedKeyGetKafkasAnswers(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "odd-operation", 1);
            Clients.createTopic(admin, "doubled-key", 1);
        }
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        var resource = new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("odd-operation");
        resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                .setConfigOperation((byte) 7).setValue("1"));
        request.resources().add(resource);
        var duplicated = new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("doubled-key");
        duplicated.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                .setConfigOperation(OpType.SET.id()).setValue("1"));
        duplicated.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                .setConfigOperation(OpType.SET.id()).setValue("2"));
        request.resources().add(duplicated);
        try (RawConnection connection = new RawConnection(broker.address())) {
            connection.send(ApiKeys.INCREMENTAL_ALTER_CONFIGS, (short) 1, 4, request);
            ByteBuffer frame = connection.receive().orElseThrow();
            RawConnection.readResponseHeader(frame, ApiKeys.INCREMENTAL_ALTER_CONFIGS.responseHeaderVersion((short) 1));
            var results = new java.util.ArrayList<>(new IncrementalAlterConfigsResponseData(new ByteBufferAccessor(frame), (short) 1)
                    .responses());
            assertThat(results.get(0).errorCode()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
            assertThat(results.get(0).errorMessage()).isNull();
            assertThat(results.get(1).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            assertThat(results.get(1).errorMessage()).isEqualTo("Error due to duplicate config keys");
        }
    }

    private static DescribeConfigsResponseData describeConfigs(RawConnection connection, short version,
            DescribeConfigsRequestData request) throws Exception {
        connection.send(ApiKeys.DESCRIBE_CONFIGS, version, 11, request);
        ByteBuffer frame = connection.receive().orElseThrow();
        RawConnection.readResponseHeader(frame, ApiKeys.DESCRIBE_CONFIGS.responseHeaderVersion(version));
        return new DescribeConfigsResponseData(new ByteBufferAccessor(frame), version);
    }
}
