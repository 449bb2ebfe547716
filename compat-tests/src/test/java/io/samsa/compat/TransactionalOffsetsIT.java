package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consume-transform-produce with kafka-clients' {@code sendOffsetsToTransaction}: the group's
 * committed offset moves only when the transaction commits, together with the output; an abort
 * leaves both, so a restarted consumer re-reads exactly the part that was not committed. Also
 * across a broker restart with the transaction still open.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.initial.rebalance.delay.ms", value = "0")
class TransactionalOffsetsIT {
    private static final int RECORDS = 30;

    /** One consume-transform-produce pipeline: a group member and a transactional producer. */
    private static final class Pipeline implements AutoCloseable {
        final KafkaConsumer<String, String> consumer;
        final KafkaProducer<String, String> producer;
        private final String output;

        Pipeline(TestBroker broker, String input, String output, String group, String transactionalId) {
            this.output = output;
            this.consumer = Clients.consumer(broker.bootstrapServers(), Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10));
            this.producer = Clients.producer(broker.bootstrapServers(), Map.of(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId));
            producer.initTransactions();
            consumer.subscribe(List.of(input));
        }

        /** Polls until some records come, then sends their transformation and their offsets in a new transaction. */
        List<String> processInOpenTransaction() {
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(200));
            }
            assertThat(records.isEmpty()).as("records to process").isFalse();
            producer.beginTransaction();
            List<String> values = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (ConsumerRecord<String, String> record : records) {
                values.add(record.value());
                producer.send(new ProducerRecord<>(output, record.key(), record.value().toUpperCase()));
                offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            return values;
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
            consumer.close();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(TestBroker broker, String group) throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    /** The group's offsets as a reader requiring stable offsets (read_committed consumers do) gets them. */
    private static Map<TopicPartition, OffsetAndMetadata> stable(TestBroker broker, String group) throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            return admin.listConsumerGroupOffsets(Map.of(group, new ListConsumerGroupOffsetsSpec()),
                    new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata(group).get();
        }
    }

    /** What a read_committed reader finds in {@code topic}. */
    private static List<String> readCommitted(TestBroker broker, String topic, int expected) {
        try (KafkaConsumer<String, String> reader = Clients.consumer(broker.bootstrapServers(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<String> values = new ArrayList<>();
            Clients.readFromStart(reader, Clients.partitions(topic, 1), expected, Duration.ofSeconds(5))
                    .forEach(record -> values.add(record.value()));
            return values;
        }
    }

    private static List<String> upper(List<String> values) {
        return values.stream().map(String::toUpperCase).toList();
    }

    @Test
    void theGroupsOffsetMovesOnlyWhenTheTransactionCommits(TestBroker broker) throws Exception {
        // Given 30 records to transform
        Clients.createTopic(broker.bootstrapServers(), "ctp-in", 1);
        Clients.createTopic(broker.bootstrapServers(), "ctp-out", 1);
        List<String> input = GroupMembers.produce(broker, "ctp-in", 1, "r", RECORDS);
        TopicPartition in = new TopicPartition("ctp-in", 0);
        List<String> committedOutput = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(broker, "ctp-in", "ctp-out", "ctp", "ctp-txn")) {
            // When a first transaction commits
            List<String> first = pipeline.processInOpenTransaction();
            pipeline.producer.commitTransaction();
            committedOutput.addAll(upper(first));
            // Then the group's offset is right after what it processed (once the markers are written:
            // commitTransaction returns when the commit is decided, as on Kafka)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(committed(broker, "ctp")).containsEntry(in, new OffsetAndMetadata(first.size())));

            // When a second transaction sends its offsets but is still open
            List<String> second = pipeline.processInOpenTransaction();
            // Then the committed offset has not moved, and a reader requiring stable offsets gets none
            // (UNSTABLE_OFFSET_COMMIT, which the admin client leaves out)
            assertThat(committed(broker, "ctp")).containsEntry(in, new OffsetAndMetadata(first.size()));
            assertThat(stable(broker, "ctp")).doesNotContainKey(in);
            // When it aborts
            pipeline.producer.abortTransaction();
            // Then neither its output nor its offset count
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(stable(broker, "ctp")).containsEntry(in, new OffsetAndMetadata(first.size())));
            assertThat(second).isNotEmpty();
        }
        assertThat(readCommitted(broker, "ctp-out", RECORDS)).isEqualTo(committedOutput);

        // When a new pipeline of the same group takes over
        try (Pipeline restarted = new Pipeline(broker, "ctp-in", "ctp-out", "ctp", "ctp-txn")) {
            List<String> reread = new ArrayList<>();
            while (committedOutput.size() + reread.size() < RECORDS) {
                reread.addAll(restarted.processInOpenTransaction());
                restarted.producer.commitTransaction();
            }
            // Then it re-reads exactly what was not committed, and all is transformed exactly once
            assertThat(reread).isEqualTo(input.subList(committedOutput.size(), RECORDS));
            committedOutput.addAll(upper(reread));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(committed(broker, "ctp")).containsEntry(in, new OffsetAndMetadata(RECORDS)));
        assertThat(readCommitted(broker, "ctp-out", RECORDS + 1)).isEqualTo(upper(input));
    }

    @Test
    void anOpenTransactionsOffsetsSurviveABrokerRestartAndCommitAfterIt() throws Exception {
        // Given a broker on a fixed port (so the clients find it again after its restart),
        try (TestBroker broker = TestBroker.start(Map.of("listeners", "PLAINTEXT://127.0.0.1:" + freePort(),
                "group.initial.rebalance.delay.ms", "0"))) {
            restartInTransaction(broker);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void restartInTransaction(TestBroker broker) throws Exception {
        // a committed transaction and a second one with its offsets sent, still open
        Clients.createTopic(broker.bootstrapServers(), "restart-in", 1);
        Clients.createTopic(broker.bootstrapServers(), "restart-out", 1);
        List<String> input = GroupMembers.produce(broker, "restart-in", 1, "r", RECORDS);
        TopicPartition in = new TopicPartition("restart-in", 0);
        int done;
        try (Pipeline pipeline = new Pipeline(broker, "restart-in", "restart-out", "restarting", "restart-txn")) {
            List<String> first = pipeline.processInOpenTransaction();
            pipeline.producer.commitTransaction();
            List<String> second = pipeline.processInOpenTransaction();

            // When the broker restarts
            broker.restart();

            // Then the first transaction's offset is back and the second's is still pending
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(committed(broker, "restarting")).containsEntry(in, new OffsetAndMetadata(first.size())));
            assertThat(stable(broker, "restarting")).doesNotContainKey(in);
            // And when the producer commits the open transaction, its offset becomes the group's
            pipeline.producer.commitTransaction();
            done = first.size() + second.size();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(committed(broker, "restarting")).containsEntry(in, new OffsetAndMetadata(done)));
            assertThat(readCommitted(broker, "restart-out", done + 1)).isEqualTo(upper(input.subList(0, done)));
        }
        // And a restart after the commit keeps it
        broker.restart();
        assertThat(committed(broker, "restarting")).containsEntry(in, new OffsetAndMetadata(done));
    }

    @Test
    void aZombieWithAnOldGenerationCannotCommitOffsets(TestBroker broker) throws Exception {
        // Given a pipeline whose consumer has joined its group
        Clients.createTopic(broker.bootstrapServers(), "zombie-in", 1);
        Clients.createTopic(broker.bootstrapServers(), "zombie-out", 1);
        GroupMembers.produce(broker, "zombie-in", 1, "r", RECORDS);
        try (Pipeline pipeline = new Pipeline(broker, "zombie-in", "zombie-out", "zombies", "zombie-txn")) {
            pipeline.processInOpenTransaction();
            pipeline.producer.commitTransaction();
            ConsumerGroupMetadata current = pipeline.consumer.groupMetadata();
            // When offsets are sent with a generation the group no longer has
            pipeline.producer.beginTransaction();
            ConsumerGroupMetadata stale = new ConsumerGroupMetadata(current.groupId(), current.generationId() - 1,
                    current.memberId(), current.groupInstanceId());
            // Then the commit is refused (ILLEGAL_GENERATION), and the transaction has to abort
            Throwable refused = catchThrowable(() -> pipeline.producer.sendOffsetsToTransaction(
                    Map.of(new TopicPartition("zombie-in", 0), new OffsetAndMetadata(RECORDS)), stale));
            assertThat(refused).satisfiesAnyOf(
                    thrown -> assertThat(thrown).isInstanceOf(CommitFailedException.class),
                    thrown -> assertThat(thrown).hasCauseInstanceOf(CommitFailedException.class));
            pipeline.producer.abortTransaction();
            assertThat(committed(broker, "zombies").get(new TopicPartition("zombie-in", 0)).offset()).isLessThan(RECORDS);
        }
    }
}
