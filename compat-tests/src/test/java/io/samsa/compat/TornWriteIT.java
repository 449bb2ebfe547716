package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A write torn by a crash: the broker is killed, the end of a partition's active segment file is
 * made to look like a write that did not finish, and the broker is started again on the same data.
 * It must start, serve everything before the tear (intact, at the same offsets), and append new
 * records right after it; and after one more restart all of that is still there.
 */
@Tag("integration")
@Timeout(180)
class TornWriteIT {
    private static final String TOPIC = "torn";
    private static final int BEFORE = 50;
    private static final int AFTER = 10;

    @TempDir
    Path dataDir;

    /** What a crash can leave at the end of a segment file. */
    enum Tear {
        /** Noise (the tail of a write of other data, or a filesystem that kept the size but not the bytes). */
        GARBAGE {
            @Override
            byte[] bytes(long nextOffset) {
                byte[] noise = new byte[100];
                new Random(20261121L).nextBytes(noise);
                return noise;
            }
        },
        /** The first half of the next batch: its header announces bytes that never arrived. */
        HALF_BATCH {
            @Override
            byte[] bytes(long nextOffset) {
                byte[] batch = nextBatch(nextOffset);
                return Arrays.copyOf(batch, batch.length / 2);
            }
        },
        /** Less than a batch header. */
        PART_OF_A_HEADER {
            @Override
            byte[] bytes(long nextOffset) {
                return Arrays.copyOf(nextBatch(nextOffset), 30);
            }
        },
        /** The whole next batch at the right offset, but its last bytes never made it (the CRC does not match). */
        BATCH_WITH_A_BAD_CRC {
            @Override
            byte[] bytes(long nextOffset) {
                byte[] batch = nextBatch(nextOffset);
                batch[batch.length - 1] ^= 0x5a;
                return batch;
            }
        },
        /** Zeros: the file grew but its data pages were never written. */
        ZEROS {
            @Override
            byte[] bytes(long nextOffset) {
                return new byte[4096];
            }
        };

        abstract byte[] bytes(long nextOffset);

        static byte[] nextBatch(long baseOffset) {
            ByteBuffer buffer = MemoryRecords.withRecords(baseOffset, Compression.NONE, BadBatch.records("torn", 5)).buffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Tear.class)
    void theBrokerCutsATornTailAndCarriesOnAfterTheLastIntactBatch(Tear tear) throws Exception {
        int port = DistributionProcess.freePort();
        String bootstrap = "127.0.0.1:" + port;
        // Given a partition with records in several batches, and the broker killed
        try (DistributionProcess broker = BrokerProcesses.start(dataDir, port)) {
            broker.awaitListening();
            createTopic(bootstrap);
            produce(bootstrap, "before", BEFORE, 0);
            BrokerProcesses.kill(broker);
        }
        Path segment = activeSegment(TOPIC + "-0");
        long intactSize = Files.size(segment);
        // When the end of the active segment is torn
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(tear.bytes(BEFORE)));
        }
        assertThat(Files.size(segment)).isGreaterThan(intactSize);

        try (DistributionProcess broker = BrokerProcesses.start(dataDir, port)) {
            // Then the broker starts, having cut the file back to its last intact batch
            broker.awaitListening();
            assertThat(Files.size(segment)).isEqualTo(intactSize);
            System.out.printf("TornWriteIT[%s]: %s%n", tear,
                    broker.output().lines().filter(line -> line.contains("cutting")).map(String::strip).toList());
            // And serves everything before the tear, at the same offsets
            assertThat(logEndOffset(bootstrap)).isEqualTo(BEFORE);
            assertThat(readAll(bootstrap)).containsExactlyElementsOf(expected(BEFORE, 0));
            // And new records continue right after it
            produce(bootstrap, "after", AFTER, BEFORE);
            assertThat(readAll(bootstrap)).containsExactlyElementsOf(expected(BEFORE, AFTER));
            assertThat(broker.terminate()).isIn(0, 143);
        }
        // And after another restart everything is still there
        try (DistributionProcess broker = BrokerProcesses.start(dataDir, port)) {
            broker.awaitListening();
            assertThat(logEndOffset(bootstrap)).isEqualTo(BEFORE + AFTER);
            assertThat(readAll(bootstrap)).containsExactlyElementsOf(expected(BEFORE, AFTER));
            assertThat(broker.terminate()).isIn(0, 143);
        }
    }

    @Test
    void aTornTailOfTheMetadataLogIsCutAndTheTopicsAreKept() throws Exception {
        int port = DistributionProcess.freePort();
        String bootstrap = "127.0.0.1:" + port;
        // Given a broker that knows a topic with records, killed
        try (DistributionProcess broker = BrokerProcesses.start(dataDir, port)) {
            broker.awaitListening();
            createTopic(bootstrap);
            produce(bootstrap, "before", BEFORE, 0);
            BrokerProcesses.kill(broker);
        }
        // When the metadata log's active segment ends in half a batch
        Path segment = activeSegment("__cluster_metadata-0");
        long intactSize = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(Tear.HALF_BATCH.bytes(1_000)));
        }
        try (DistributionProcess broker = BrokerProcesses.start(dataDir, port)) {
            // Then the broker starts, cuts the tail, and still has the topic and its records
            broker.awaitListening();
            assertThat(Files.size(segment)).isEqualTo(intactSize);
            assertThat(readAll(bootstrap)).containsExactlyElementsOf(expected(BEFORE, 0));
            produce(bootstrap, "after", AFTER, BEFORE);
            assertThat(readAll(bootstrap)).containsExactlyElementsOf(expected(BEFORE, AFTER));
            assertThat(broker.terminate()).isIn(0, 143);
        }
    }

    /** The newest segment data file of a partition directory (names are 20-digit base offsets). */
    private Path activeSegment(String partitionDirectory) throws IOException {
        Path directory;
        try (Stream<Path> paths = Files.walk(dataDir)) {
            directory = paths.filter(path -> Files.isDirectory(path) && path.getFileName().toString().equals(partitionDirectory))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + partitionDirectory + " under " + dataDir));
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> path.getFileName().toString().matches("\\d{20}\\.log"))
                    .max(Comparator.comparing(path -> path.getFileName().toString()))
                    .orElseThrow(() -> new AssertionError("no segment in " + directory));
        }
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (Admin admin = Clients.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code count} records in batches of five, each acknowledged at the next offset. */
    private static void produce(String bootstrap, String prefix, int count, long firstOffset) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(bootstrap, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.LINGER_MS_CONFIG, "1000"))) {
            for (int batch = 0; batch < count / 5; batch++) {
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (int i = batch * 5; i < batch * 5 + 5; i++) {
                    sends.add(producer.send(new ProducerRecord<>(TOPIC, 0, "key-" + i, prefix + "-" + i)));
                }
                producer.flush();
                for (int i = 0; i < sends.size(); i++) {
                    assertThat(sends.get(i).get(30, TimeUnit.SECONDS).offset()).isEqualTo(firstOffset + batch * 5L + i);
                }
            }
        }
    }

    private static List<String> expected(int before, int after) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < before; i++) {
            values.add(i + ":before-" + i);
        }
        for (int i = 0; i < after; i++) {
            values.add((before + i) + ":after-" + i);
        }
        return values;
    }

    private static long logEndOffset(String bootstrap) throws Exception {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (Admin admin = Clients.admin(bootstrap)) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS)
                    .get(partition).offset();
        }
    }

    /** "offset:value" of every record up to the end of the partition, CRCs checked by the consumer. */
    private static List<String> readAll(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(bootstrap, Map.of(
                ConsumerConfig.CHECK_CRCS_CONFIG, "true",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100"))) {
            List<String> values = new ArrayList<>();
            Clients.readToEnd(consumer, List.of(new TopicPartition(TOPIC, 0)), Duration.ofSeconds(30), record -> {
                assertThat(record.key()).isEqualTo("key-" + record.value().substring(record.value().indexOf('-') + 1));
                values.add(record.offset() + ":" + record.value());
            });
            return values;
        }
    }
}
