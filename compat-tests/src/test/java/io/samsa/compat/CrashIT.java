package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The distribution's broker killed with SIGKILL in the middle of a produce load, then restarted on
 * the same data directory: nothing it acknowledged is lost, nothing is served twice that was not
 * sent twice, every batch it serves is intact and offsets stay dense.
 *
 * <p>By default the file engine leaves appended data in the page cache, which a killed process
 * cannot lose (only a machine crash could), so acknowledged data must survive a kill either way;
 * one run also forces every append to disk before the ack ({@code log.flush.interval.messages=1}).
 *
 * <p>What may legitimately differ from "every record exactly once": the producers keep running
 * across the crash with retries (acks=all, enable.idempotence=false, Kafka's at-least-once
 * setup). A batch in flight when the broker died may have been written before the kill and then,
 * its outcome unknown, be sent again to the restarted broker: such records may be stored twice.
 * A batch acknowledged before the kill, though, was sent exactly once if no retry at all had
 * happened by then (checked through the producers' {@code record-retry-total}), and an
 * acknowledged batch is never sent again, so those records must be stored exactly once. Every
 * acknowledged record, before or after the crash, must be stored at the partition and offset of
 * its acknowledgement.
 */
@Tag("integration")
@Timeout(300)
class CrashIT {
    private static final String TOPIC = "crash";
    private static final int PARTITIONS = 4;
    private static final List<String> COMPRESSIONS = List.of("none", "lz4", "zstd");
    private static final int RECORDS_PER_PRODUCER = 4_000;
    private static final int MAX_UNACKNOWLEDGED_PER_PRODUCER = 300;
    private static final String PADDING = "x".repeat(64);

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "kill after {1} acknowledged records, {0}")
    @CsvSource({
        "page cache, 600",
        "page cache, 5000",
        "page cache, 10000",
        "fsync every append, 5000",
    })
    void acknowledgedRecordsSurviveAKillAndNothingIsServedTwiceThatWasSentOnce(String durability, int killAfterAcks)
            throws Exception {
        String[] overrides = durability.startsWith("fsync") ? new String[] {"log.flush.interval.messages=1"} : new String[0];
        int port = DistributionProcess.freePort();
        String bootstrap = "127.0.0.1:" + port;
        Load load = new Load(killAfterAcks);
        DistributionProcess restarted = null;
        try (DistributionProcess broker = BrokerProcesses.start(dataDir, port, overrides)) {
            // Given a running broker with a topic of several partitions
            broker.awaitListening();
            try (Admin admin = Clients.admin(bootstrap)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            // And producers with different compressions sending numbered records through it
            List<KafkaProducer<String, String>> producers = new ArrayList<>();
            List<Thread> senders = new ArrayList<>();
            try {
                for (String compression : COMPRESSIONS) {
                    KafkaProducer<String, String> producer = producer(bootstrap, compression);
                    producers.add(producer);
                    senders.add(Thread.ofPlatform().name("send-" + compression).start(() -> load.send(producer, compression)));
                }

                // When the broker's JVM is killed with SIGKILL while they are at it
                assertThat(load.enoughAcknowledged.await(60, TimeUnit.SECONDS)).as("acknowledgements before the kill").isTrue();
                long retriesBeforeKill = producers.stream().mapToLong(CrashIT::retries).sum();
                load.killed.set(true);
                BrokerProcesses.kill(broker);
                assertThat(retriesBeforeKill).as("retries before the kill (a healthy broker causes none)").isZero();
                assertThat(load.sendingDone.getCount()).as("the kill came while records were still being sent").isPositive();

                // And restarted on the same data directory and port, with the producers still retrying
                restarted = BrokerProcesses.start(dataDir, port, overrides);
                restarted.awaitListening();
                assertThat(load.sendingDone.await(120, TimeUnit.SECONDS)).as("every send completed").isTrue();
                await().atMost(Duration.ofSeconds(120)).until(() -> load.completed.get() == load.total());
            } finally {
                load.stop.set(true);
                producers.forEach(producer -> producer.close(Duration.ofSeconds(10)));
                for (Thread sender : senders) {
                    sender.join(10_000);
                }
            }

            // Then every send succeeded in the end (the producers rode through the crash)
            assertThat(load.failures).as("sends that failed").isEmpty();
            Map<TopicPartition, List<ConsumerRecord<String, String>>> stored = readAll(bootstrap);
            Map<String, Integer> copies = new HashMap<>();
            for (var entry : stored.entrySet()) {
                List<ConsumerRecord<String, String>> records = entry.getValue();
                // And offsets in each partition are dense from 0 (every batch also passed the consumer's CRC check)
                assertThat(records).extracting(ConsumerRecord::offset).as("offsets of %s", entry.getKey())
                        .containsExactlyElementsOf(IntStream.range(0, records.size()).mapToObj(Long::valueOf).toList());
                for (ConsumerRecord<String, String> record : records) {
                    // And every stored record is one that was sent, intact
                    String id = Load.idOf(record.value());
                    assertThat(load.sent).as("stored record %s was sent", record.value()).contains(id);
                    assertThat(record.value()).isEqualTo(Load.value(id));
                    assertThat(record.key()).isEqualTo(Load.key(id));
                    copies.merge(id, 1, Integer::sum);
                }
            }
            // And every acknowledged record is stored where its acknowledgement said
            for (var ack : load.acknowledged.entrySet()) {
                Position at = ack.getValue();
                List<ConsumerRecord<String, String>> partition = stored.get(new TopicPartition(TOPIC, at.partition()));
                assertThat(partition).as("partition %d", at.partition()).isNotNull();
                assertThat(at.offset()).as("acknowledged offset of %s", ack.getKey()).isLessThan(partition.size());
                assertThat(Load.idOf(partition.get((int) at.offset()).value())).as("record at %s", at).isEqualTo(ack.getKey());
            }
            // And those acknowledged before the kill (sent exactly once) are stored exactly once
            for (String id : load.acknowledgedBeforeKill) {
                assertThat(copies.get(id)).as("copies of %s", id).isEqualTo(1);
            }
            // And a record is stored twice at most: once before the kill, once when its batch was retried
            assertThat(copies.values()).allMatch(count -> count <= 2);
            assertThat(load.acknowledgedBeforeKill.size()).isGreaterThanOrEqualTo(killAfterAcks);
            System.out.printf("CrashIT[%s, kill after %d]: %d sent, %d acknowledged before the kill, %d after;"
                    + " %d stored, %d of them twice; recovery: %s%n", durability, killAfterAcks, load.sent.size(),
                    load.acknowledgedBeforeKill.size(), load.acknowledged.size() - load.acknowledgedBeforeKill.size(),
                    copies.values().stream().mapToInt(Integer::intValue).sum(),
                    copies.values().stream().filter(count -> count > 1).count(),
                    restarted.output().lines().filter(line -> line.contains("cutting")).map(String::strip).toList());
            restarted.terminate();
        } finally {
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    private static long retries(KafkaProducer<String, String> producer) {
        for (Metric metric : producer.metrics().values()) {
            if (metric.metricName().group().equals("producer-metrics") && metric.metricName().name().equals("record-retry-total")) {
                return (long) (double) (Double) metric.metricValue();
            }
        }
        throw new AssertionError("producer metric record-retry-total not found");
    }

    private static KafkaProducer<String, String> producer(String bootstrap, String compression) {
        return Clients.producer(bootstrap, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                ProducerConfig.LINGER_MS_CONFIG, "2",
                ProducerConfig.BATCH_SIZE_CONFIG, "8192",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "100000"));
    }

    /** Everything in the topic, per partition, read to each partition's end with CRC checks on. */
    private static Map<TopicPartition, List<ConsumerRecord<String, String>>> readAll(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(bootstrap, Map.of(
                ConsumerConfig.CHECK_CRCS_CONFIG, "true",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100"))) {
            List<TopicPartition> partitions = Clients.partitions(TOPIC, PARTITIONS);
            Map<TopicPartition, List<ConsumerRecord<String, String>>> records = new HashMap<>();
            partitions.forEach(partition -> records.put(partition, new ArrayList<>()));
            Clients.readToEnd(consumer, partitions, Duration.ofSeconds(60), record ->
                    records.get(new TopicPartition(record.topic(), record.partition())).add(record));
            return records;
        }
    }

    private record Position(int partition, long offset) {}

    /** The records sent by every producer and what became of each. */
    private static final class Load {
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        final Map<String, Position> acknowledged = new ConcurrentHashMap<>();
        final Set<String> acknowledgedBeforeKill = ConcurrentHashMap.newKeySet();
        final Map<String, String> failures = new ConcurrentHashMap<>();
        final AtomicInteger completed = new AtomicInteger();
        final AtomicBoolean killed = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch enoughAcknowledged;
        final CountDownLatch sendingDone = new CountDownLatch(COMPRESSIONS.size());

        Load(int killAfterAcks) {
            enoughAcknowledged = new CountDownLatch(killAfterAcks);
        }

        int total() {
            return COMPRESSIONS.size() * RECORDS_PER_PRODUCER;
        }

        static String key(String id) {
            return "key-" + Math.floorMod(id.hashCode(), 97);
        }

        static String value(String id) {
            return id + "|" + PADDING;
        }

        static String idOf(String value) {
            return value.substring(0, value.indexOf('|'));
        }

        /** Sends this producer's numbered records, at most a bounded number unacknowledged at a time. */
        void send(KafkaProducer<String, String> producer, String name) {
            Semaphore window = new Semaphore(MAX_UNACKNOWLEDGED_PER_PRODUCER);
            try {
                for (int i = 0; i < RECORDS_PER_PRODUCER && !stop.get(); i++) {
                    String id = name + "-" + i;
                    while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        if (stop.get()) {
                            return;
                        }
                    }
                    sent.add(id);
                    producer.send(new ProducerRecord<>(TOPIC, key(id), value(id)), (metadata, failure) -> {
                        if (failure == null) {
                            if (!killed.get()) {
                                acknowledgedBeforeKill.add(id);
                            }
                            acknowledged.put(id, new Position(metadata.partition(), metadata.offset()));
                            enoughAcknowledged.countDown();
                        } else {
                            failures.put(id, failure.toString());
                        }
                        completed.incrementAndGet();
                        window.release();
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                sendingDone.countDown();
            }
        }
    }
}
