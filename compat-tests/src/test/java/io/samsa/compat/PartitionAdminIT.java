package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.TestBroker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.LogTruncationException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** CreatePartitions, DeleteRecords, DescribeLogDirs and OffsetForLeaderEpoch through kafka-clients. */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
class PartitionAdminIT {
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(20);

    private static Admin admin(TestBroker broker) {
        return Clients.admin(broker.bootstrapServers(), Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
    }

    private static KafkaProducer<String, String> producer(TestBroker broker) {
        return Clients.producer(broker.bootstrapServers(), Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"));
    }

    /** A consumer that never resets its position by itself, so that every range error surfaces. */
    private static KafkaConsumer<String, String> consumer(TestBroker broker) {
        return Clients.consumer(broker.bootstrapServers(), Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200"));
    }

    private static void produce(TestBroker broker, String topic, int partition, int count) throws Exception {
        try (KafkaProducer<String, String> producer = producer(broker)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, "key-" + i, "value-" + i)).get();
            }
        }
    }

    @Test
    void newPartitionsTakeAndServeRecords(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            // Given a topic with one partition
            Clients.createTopic(admin, "growing", 1);
            // When it is increased to three
            admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all().get();
            // Then clients see three partitions, and the new ones take records and serve them
            assertThat(admin.describeTopics(List.of("growing")).allTopicNames().get().get("growing").partitions()).hasSize(3);
            RecordMetadata written;
            try (KafkaProducer<String, String> producer = producer(broker)) {
                written = producer.send(new ProducerRecord<>("growing", 2, "k", "in the new partition")).get();
            }
            assertThat(written.partition()).isEqualTo(2);
            assertThat(written.offset()).isZero();
            try (KafkaConsumer<String, String> consumer = consumer(broker)) {
                TopicPartition newest = new TopicPartition("growing", 2);
                assertThat(Clients.readFromStart(consumer, List.of(newest), 1, POLL_TIMEOUT)).extracting(ConsumerRecord::value)
                        .containsExactly("in the new partition");
            }
        }
    }

    @Test
    void anIncreaseMustIncreaseAndNameOnlyThisBroker(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "fixed", 2);
            assertThatThrownBy(() -> admin.createPartitions(Map.of("fixed", NewPartitions.increaseTo(2))).all().get())
                    .hasCauseInstanceOf(InvalidPartitionsException.class)
                    .hasMessageContaining("Topic already has 2 partition(s).");
            assertThatThrownBy(() -> admin.createPartitions(Map.of("fixed", NewPartitions.increaseTo(1))).all().get())
                    .hasCauseInstanceOf(InvalidPartitionsException.class)
                    .hasMessageContaining("The topic fixed currently has 2 partition(s); 1 would not be an increase.");
            assertThatThrownBy(() -> admin.createPartitions(Map.of("fixed",
                    NewPartitions.increaseTo(4, List.of(List.of(broker.nodeId()), List.of(42))))).all().get())
                    .hasCauseInstanceOf(InvalidReplicaAssignmentException.class)
                    .hasMessageContaining("includes broker 42, but no such broker is registered");
            assertThatThrownBy(() -> admin.createPartitions(Map.of("fixed",
                    NewPartitions.increaseTo(4, List.of(List.of(broker.nodeId()))))).all().get())
                    .hasCauseInstanceOf(InvalidReplicaAssignmentException.class)
                    .hasMessageContaining("Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.");
            assertThatThrownBy(() -> admin.createPartitions(Map.of("never-created", NewPartitions.increaseTo(4))).all().get())
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            // a valid assignment and validate_only: accepted, nothing changes
            admin.createPartitions(Map.of("fixed", NewPartitions.increaseTo(4, List.of(List.of(broker.nodeId()),
                    List.of(broker.nodeId())))), new CreatePartitionsOptions().validateOnly(true)).all().get();
            assertThat(admin.describeTopics(List.of("fixed")).allTopicNames().get().get("fixed").partitions()).hasSize(2);
        }
    }

    @Test
    void deleteRecordsMovesTheStartOfTheLog(TestBroker broker) throws Exception {
        TopicPartition partition = new TopicPartition("trimmed", 0);
        try (Admin admin = admin(broker)) {
            // Given 20 records
            Clients.createTopic(admin, "trimmed", 1);
            produce(broker, "trimmed", 0, 20);
            // When the records below offset 8 are deleted
            long low = admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(8))).lowWatermarks().get(partition).get()
                    .lowWatermark();
            // Then the log starts at 8 for every client
            assertThat(low).isEqualTo(8);
            assertThat(admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset()).isEqualTo(8);
            try (KafkaConsumer<String, String> consumer = consumer(broker)) {
                List<ConsumerRecord<String, String>> records =
                        Clients.readFromStart(consumer, List.of(partition), 12, POLL_TIMEOUT);
                assertThat(records).hasSize(12);
                assertThat(records.getFirst().offset()).isEqualTo(8);
                assertThat(records.getFirst().value()).isEqualTo("value-8");
                // and nothing below it can be read
                consumer.seek(partition, 3);
                assertThatThrownBy(() -> Clients.poll(consumer, 1, POLL_TIMEOUT)).isInstanceOf(OffsetOutOfRangeException.class);
            }
            // A lower offset changes nothing, one above the high watermark is out of range, -1 means the high watermark
            assertThat(admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(2))).lowWatermarks().get(partition).get()
                    .lowWatermark()).isEqualTo(8);
            assertThatThrownBy(() -> admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(21))).all().get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.OffsetOutOfRangeException.class);
            assertThat(admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(-1))).lowWatermarks().get(partition).get()
                    .lowWatermark()).isEqualTo(20);
            assertThat(admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset()).isEqualTo(20);
        }
        // Every version: an unknown partition, an unknown topic and an offset below -1 get Kafka's errors
        for (short version = 0; version <= 2; version++) {
            DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(5_000);
            DeleteRecordsTopic trimmed = new DeleteRecordsTopic().setName("trimmed");
            trimmed.partitions().add(new DeleteRecordsPartition().setPartitionIndex(5).setOffset(1));
            trimmed.partitions().add(new DeleteRecordsPartition().setPartitionIndex(0).setOffset(-2));
            trimmed.partitions().add(new DeleteRecordsPartition().setPartitionIndex(0).setOffset(20));
            request.topics().add(trimmed);
            DeleteRecordsTopic unknown = new DeleteRecordsTopic().setName("never-created");
            unknown.partitions().add(new DeleteRecordsPartition().setPartitionIndex(0).setOffset(1));
            request.topics().add(unknown);
            DeleteRecordsResponseData response;
            try (RawConnection connection = new RawConnection(broker.address())) {
                connection.send(ApiKeys.DELETE_RECORDS, version, 9, request);
                ByteBuffer frame = connection.receive().orElseThrow();
                RawConnection.readResponseHeader(frame, ApiKeys.DELETE_RECORDS.responseHeaderVersion(version));
                response = new DeleteRecordsResponseData(new ByteBufferAccessor(frame), version);
            }
            List<DeleteRecordsPartitionResult> results = new ArrayList<>();
            response.topics().forEach(topic -> results.addAll(topic.partitions()));
            assertThat(results).extracting(DeleteRecordsPartitionResult::errorCode).as("v%d", version).containsExactly(
                    Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), Errors.OFFSET_OUT_OF_RANGE.code(), Errors.NONE.code(),
                    Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(results).extracting(DeleteRecordsPartitionResult::lowWatermark).containsExactly(-1L, -1L, 20L, -1L);
        }
    }

    @Test
    void everyListOffsetsVersionSeesTheStartMovedByDeleteRecords(TestBroker broker) throws Exception {
        TopicPartition partition = new TopicPartition("moved-start", 0);
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "moved-start", 1);
            produce(broker, "moved-start", 0, 6);
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(4))).all().get();
        }
        for (short version = 1; version <= ApiKeys.LIST_OFFSETS.latestVersion(); version++) {
            ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
            ListOffsetsRequestData.ListOffsetsTopic topic = new ListOffsetsRequestData.ListOffsetsTopic().setName("moved-start");
            topic.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-2));
            request.topics().add(topic);
            try (RawConnection connection = new RawConnection(broker.address())) {
                connection.send(ApiKeys.LIST_OFFSETS, version, 6, request);
                ByteBuffer frame = connection.receive().orElseThrow(() -> new AssertionError("connection closed"));
                RawConnection.readResponseHeader(frame, ApiKeys.LIST_OFFSETS.responseHeaderVersion(version));
                ListOffsetsResponseData response = new ListOffsetsResponseData(new ByteBufferAccessor(frame), version);
                ListOffsetsResponseData.ListOffsetsPartitionResponse earliest = response.topics().getFirst().partitions().getFirst();
                assertThat(earliest.errorCode()).as("v%d", version).isEqualTo(Errors.NONE.code());
                assertThat(earliest.offset()).as("v%d", version).isEqualTo(4);
            }
        }
    }

    @Test
    void describeLogDirsListsThePartitionsWithTheirSizes(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            // Given a topic with records in one of its two partitions
            Clients.createTopic(admin, "sized", 2);
            produce(broker, "sized", 1, 10);
            // When
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(broker.nodeId())).allDescriptions().get()
                    .get(broker.nodeId());
            // Then the broker's one data directory holds both partitions
            assertThat(dirs).containsOnlyKeys(broker.dataDir().toAbsolutePath().toString());
            LogDirDescription dir = dirs.values().iterator().next();
            assertThat(dir.error()).isNull();
            Map<TopicPartition, ReplicaInfo> replicas = dir.replicaInfos();
            ReplicaInfo empty = replicas.get(new TopicPartition("sized", 0));
            ReplicaInfo written = replicas.get(new TopicPartition("sized", 1));
            assertThat(empty).isNotNull();
            assertThat(written).isNotNull();
            assertThat(written.size()).isGreaterThan(empty.size());
            assertThat(written.offsetLag()).isZero();
            assertThat(written.isFuture()).isFalse();
            assertThat(dir.totalBytes().orElseThrow()).isPositive();
            assertThat(dir.usableBytes().orElseThrow()).isNotNegative();
            // and a replica's directory can be asked for
            var replica = new TopicPartitionReplica("sized", 1, broker.nodeId());
            assertThat(admin.describeReplicaLogDirs(List.of(replica)).all().get().get(replica).getCurrentReplicaLogDir())
                    .isEqualTo(broker.dataDir().toAbsolutePath().toString());
        }
    }

    @Test
    void everyDescribeLogDirsAndCreatePartitionsVersionIsServed(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "versions", 1);
        }
        for (short version = 1; version <= 5; version++) {
            // Given a request for one existing and one missing partition of a topic
            DescribeLogDirsRequestData request = new DescribeLogDirsRequestData();
            request.topics().add(new DescribeLogDirsRequestData.DescribableLogDirTopic().setTopic("versions")
                    .setPartitions(List.of(0, 7)));
            // When
            DescribeLogDirsResponseData response;
            try (RawConnection connection = new RawConnection(broker.address())) {
                connection.send(ApiKeys.DESCRIBE_LOG_DIRS, version, 2, request);
                ByteBuffer frame = connection.receive().orElseThrow();
                RawConnection.readResponseHeader(frame, ApiKeys.DESCRIBE_LOG_DIRS.responseHeaderVersion(version));
                response = new DescribeLogDirsResponseData(new ByteBufferAccessor(frame), version);
            }
            // Then only the existing partition is listed; sizes of the file store come from v4
            assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
            DescribeLogDirsResponseData.DescribeLogDirsResult dir = response.results().getFirst();
            assertThat(dir.logDir()).isEqualTo(broker.dataDir().toAbsolutePath().toString());
            assertThat(dir.topics()).singleElement().satisfies(topic -> {
                assertThat(topic.name()).isEqualTo("versions");
                assertThat(topic.partitions()).extracting(DescribeLogDirsResponseData.DescribeLogDirsPartition::partitionIndex)
                        .containsExactly(0);
            });
            if (version >= 4) {
                assertThat(dir.totalBytes()).as("v%d", version).isPositive();
            } else {
                assertThat(dir.totalBytes()).as("v%d", version).isEqualTo(-1);
            }
        }
        for (short version = 0; version <= 3; version++) {
            // A topic named twice is refused once, with Kafka's message; the other is increased
            CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(5_000);
            request.topics().add(new CreatePartitionsTopic().setName("twice").setCount(3).setAssignments(null));
            request.topics().add(new CreatePartitionsTopic().setName("twice").setCount(3).setAssignments(null));
            request.topics().add(new CreatePartitionsTopic().setName("versions").setCount(2 + version).setAssignments(null));
            CreatePartitionsResponseData response;
            try (RawConnection connection = new RawConnection(broker.address())) {
                connection.send(ApiKeys.CREATE_PARTITIONS, version, 3, request);
                ByteBuffer frame = connection.receive().orElseThrow();
                RawConnection.readResponseHeader(frame, ApiKeys.CREATE_PARTITIONS.responseHeaderVersion(version));
                response = new CreatePartitionsResponseData(new ByteBufferAccessor(frame), version);
            }
            assertThat(response.results()).hasSize(2);
            assertThat(response.results().getFirst().name()).isEqualTo("twice");
            assertThat(response.results().getFirst().errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            assertThat(response.results().getFirst().errorMessage()).isEqualTo("Duplicate topic name.");
            assertThat(response.results().get(1).errorCode()).as("v%d", version).isEqualTo(Errors.NONE.code());
        }
        try (Admin admin = admin(broker)) {
            assertThat(admin.describeTopics(List.of("versions")).allTopicNames().get().get("versions").partitions()).hasSize(5);
        }
    }

    @Test
    void aConsumerValidatesItsPositionWithTheLeaderEpochEndOffset(TestBroker broker) throws Exception {
        TopicPartition partition = new TopicPartition("epochs", 0);
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "epochs", 1);
        }
        produce(broker, "epochs", 0, 10);
        try (KafkaConsumer<String, String> consumer = consumer(broker)) {
            consumer.assign(List.of(partition));
            // Given a position inside the log, from leader epoch 0: validation passes and reading starts there
            consumer.seek(partition, new OffsetAndMetadata(5, Optional.of(0), ""));
            List<ConsumerRecord<String, String>> records = Clients.poll(consumer, 5, POLL_TIMEOUT);
            assertThat(records).extracting(ConsumerRecord::offset).containsExactly(5L, 6L, 7L, 8L, 9L);
            // When the position claims epoch 0 went on to offset 50
            consumer.seek(partition, new OffsetAndMetadata(50, Optional.of(0), ""));
            // Then the consumer learns that epoch 0 ends at 10 and reports the log as truncated there
            assertThatThrownBy(() -> Clients.poll(consumer, 1, POLL_TIMEOUT))
                    .isInstanceOfSatisfying(LogTruncationException.class, truncation ->
                            assertThat(truncation.divergentOffsets().get(partition).offset()).isEqualTo(10));
        }
    }

    @Test
    void offsetForLeaderEpochAnswersAsAKafkaBroker(TestBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, "epoch-wire", 1);
        }
        produce(broker, "epoch-wire", 0, 4);
        for (short version = 2; version <= 4; version++) {
            // Given requests for: epoch 0, a later epoch, a current epoch from the future, a partition that does not exist
            OffsetForLeaderTopic topic = new OffsetForLeaderTopic().setTopic("epoch-wire");
            topic.partitions().add(new OffsetForLeaderPartition().setPartition(0).setCurrentLeaderEpoch(-1).setLeaderEpoch(0));
            OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
            request.topics().add(topic);
            OffsetForLeaderTopic later = new OffsetForLeaderTopic().setTopic("epoch-wire");
            later.partitions().add(new OffsetForLeaderPartition().setPartition(0).setCurrentLeaderEpoch(0).setLeaderEpoch(3));
            request.topics().add(later);
            OffsetForLeaderTopic future = new OffsetForLeaderTopic().setTopic("epoch-wire");
            future.partitions().add(new OffsetForLeaderPartition().setPartition(0).setCurrentLeaderEpoch(1).setLeaderEpoch(0));
            request.topics().add(future);
            OffsetForLeaderTopic missing = new OffsetForLeaderTopic().setTopic("epoch-wire");
            missing.partitions().add(new OffsetForLeaderPartition().setPartition(9).setCurrentLeaderEpoch(-1).setLeaderEpoch(0));
            request.topics().add(missing);
            // When
            OffsetForLeaderEpochResponseData response;
            try (RawConnection connection = new RawConnection(broker.address())) {
                connection.send(ApiKeys.OFFSET_FOR_LEADER_EPOCH, version, 5, request);
                ByteBuffer frame = connection.receive().orElseThrow();
                RawConnection.readResponseHeader(frame, ApiKeys.OFFSET_FOR_LEADER_EPOCH.responseHeaderVersion(version));
                response = new OffsetForLeaderEpochResponseData(new ByteBufferAccessor(frame), version);
            }
            // Then
            Map<Integer, EpochEndOffset> answers = new HashMap<>();
            List<OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult> topics = new ArrayList<>(response.topics());
            for (int i = 0; i < topics.size(); i++) {
                answers.put(i, topics.get(i).partitions().iterator().next());
            }
            assertThat(answers.get(0)).isEqualTo(new EpochEndOffset().setPartition(0).setLeaderEpoch(0).setEndOffset(4));
            assertThat(answers.get(1)).isEqualTo(new EpochEndOffset().setPartition(0).setLeaderEpoch(-1).setEndOffset(-1));
            assertThat(answers.get(2)).isEqualTo(new EpochEndOffset().setPartition(0)
                    .setErrorCode(Errors.UNKNOWN_LEADER_EPOCH.code()).setLeaderEpoch(-1).setEndOffset(-1));
            assertThat(answers.get(3)).isEqualTo(new EpochEndOffset().setPartition(9)
                    .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).setLeaderEpoch(-1).setEndOffset(-1));
        }
    }
}
