package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.core.network.codec.SendStats;
import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.NettyLeakWatcher;
import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fetch sends what the file engine stored without copying it: a few megabytes over many
 * partitions come back intact to kafka-clients, counted by the broker as file regions (sendfile)
 * and not as copies, and every log slice a response held is given back to the engine — after a
 * normal answer, a long poll that read too little and waited, and an answer whose connection was
 * gone.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
class ZeroCopyFetchIT {
    private static final String TOPIC = "zero-copy";
    private static final int PARTITIONS = 24;
    private static final int RECORDS_PER_PARTITION = 40;
    private static final int VALUE_BYTES = 5_000;
    private static final int TOTAL = PARTITIONS * RECORDS_PER_PARTITION;

    @BeforeAll
    static void produce(TestBroker broker) throws Exception {
        Clients.createTopic(broker.bootstrapServers(), TOPIC, PARTITIONS);
        Map<String, Object> settings = Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        try (KafkaProducer<String, byte[]> producer =
                Clients.producer(broker.bootstrapServers(), ByteArraySerializer.class, settings)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    sends.add(producer.send(new ProducerRecord<>(TOPIC, p, p + "-" + i, value(p, i))));
                }
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        }
    }

    private static byte[] value(int partition, int index) {
        byte[] value = new byte[VALUE_BYTES];
        for (int j = 0; j < value.length; j++) {
            value[j] = (byte) (partition * 31 + index * 7 + j * 13 + j / 97);
        }
        return value;
    }

    private static KafkaConsumer<String, byte[]> consumer(TestBroker broker, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.CHECK_CRCS_CONFIG, "true"));
        settings.putAll(extra);
        return Clients.consumer(broker.bootstrapServers(), ByteArrayDeserializer.class, settings);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(TestBroker broker, Map<String, Object> extra) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(broker, extra)) {
            return Clients.readFromStart(consumer, Clients.partitions(TOPIC, PARTITIONS), TOTAL, Duration.ofSeconds(60));
        }
    }

    private static void assertIntact(List<ConsumerRecord<String, byte[]>> records) {
        assertThat(records).hasSize(TOTAL);
        for (ConsumerRecord<String, byte[]> record : records) {
            String[] key = record.key().split("-");
            int partition = Integer.parseInt(key[0]);
            int index = Integer.parseInt(key[1]);
            assertThat(record.partition()).as(record.key()).isEqualTo(partition);
            assertThat(record.offset()).as(record.key()).isEqualTo(index);
            assertThat(record.value()).as(record.key()).isEqualTo(value(partition, index));
        }
    }

    @Test
    void megabytesFromManyPartitionsGoOutAsFileRegionsAndComeBackIntact(TestBroker broker) {
        // Given
        SendStats.Snapshot before = broker.sendStats();

        // When
        List<ConsumerRecord<String, byte[]>> records = readAll(broker, Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(64 * 1024)));

        // Then
        assertIntact(records);
        SendStats.Snapshot after = broker.sendStats();
        long valueBytes = (long) TOTAL * VALUE_BYTES;
        assertThat(after.fileRegionBytes() - before.fileRegionBytes()).as("record bytes sent by sendfile")
                .isGreaterThanOrEqualTo(valueBytes);
        assertThat(after.fileRegions() - before.fileRegions()).isGreaterThanOrEqualTo(PARTITIONS);
        assertThat(after.copiedRecordBytes() - before.copiedRecordBytes()).as("record bytes copied").isZero();
        await().atMost(Duration.ofSeconds(10)).until(broker::openSlices, open -> open == 0);
    }

    @Test
    void aLongPollThatReadTooLittleGivesItsFirstSlicesBackAndAnswersWithData(TestBroker broker) {
        // Given a consumer that wants more bytes than the topic holds, so every fetch reads, waits and reads again
        Map<String, Object> greedy = Map.of(
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");

        // When
        List<ConsumerRecord<String, byte[]>> records = readAll(broker, greedy);

        // Then
        assertIntact(records);
        await().atMost(Duration.ofSeconds(10)).until(broker::openSlices, open -> open == 0);
    }

    @Test
    void aResponseWhoseConnectionClosedWhileItWaitedGivesItsSlicesBack(TestBroker broker) throws Exception {
        // Given a fetch that waits (min bytes beyond the topic) for data from every partition
        List<FetchRequestData.FetchPartition> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new FetchRequestData.FetchPartition().setPartition(p).setFetchOffset(0).setPartitionMaxBytes(1 << 20))
                .toList();
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(500).setMinBytes(Integer.MAX_VALUE)
                .setMaxBytes(50 << 20).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(TOPIC).setPartitions(partitions)));
        long readBefore = broker.slicesRead();

        // When the client goes away before the answer
        try (RawConnection connection = new RawConnection(broker.address())) {
            connection.send(ApiKeys.FETCH, (short) 12, 1, request);
        }

        // Then the partitions are read twice (before and after the wait), and the answer's slices go back to the engine unsent
        await().atMost(Duration.ofSeconds(10)).until(broker::slicesRead, read -> read >= readBefore + 2L * PARTITIONS);
        await().atMost(Duration.ofSeconds(10)).until(broker::openSlices, open -> open == 0);
        assertIntact(readAll(broker, Map.of()));
    }

    @Test
    void aFetchStillWaitingWhenTheBrokerStopsGivesItsBuffersBack() throws Exception {
        try (NettyLeakWatcher leaks = new NettyLeakWatcher(); TestBroker broker = TestBroker.start(Map.of())) {
            Clients.createTopic(broker.bootstrapServers(), "parked", 1);
            // Given a fetch parked for a minute on an empty partition, whose client has gone away
            FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(60_000).setMinBytes(1)
                    .setMaxBytes(1 << 20).setSessionEpoch(-1)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("parked").setPartitions(List.of(
                            new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(1 << 20)))));
            try (RawConnection connection = new RawConnection(broker.address())) {
                connection.send(ApiKeys.FETCH, (short) 12, 1, request);
            }
            // When the broker stops (and starts again) before the fetch's deadline
            broker.restart();
            // Then the parked request's buffers were released, not dropped
            assertThat(leaks.leaksAfterGc(() -> createTopic(broker, "t" + System.nanoTime()))).isEmpty();
        }
    }

    private static void createTopic(TestBroker broker, String name) {
        try {
            Clients.createTopic(broker.bootstrapServers(), name, 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
