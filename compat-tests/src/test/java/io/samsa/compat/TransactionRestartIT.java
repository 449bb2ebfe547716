package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.core.coordinator.transaction.TransactionMetadata;
import io.samsa.core.coordinator.transaction.TransactionRecordCodec;
import io.samsa.core.coordinator.transaction.TransactionState;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transactions across a broker restart: the coordinator replays {@code __transaction_state}, the
 * logs their open transactions, so a transaction left open is aborted afterwards (by the next
 * instance of its producer, or by its timeout) and never becomes visible to read_committed.
 */
@Tag("integration")
@Timeout(180)
class TransactionRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> BROKER = Map.of(
            "transaction.state.log.num.partitions", "3",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "200");

    private static void send(KafkaProducer<String, String> producer, String topic, String... values) {
        for (int i = 0; i < values.length; i++) {
            producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, values[i]));
        }
    }

    @Test
    void aTransactionOpenAtARestartIsAbortedByTheNextInstanceOfItsProducer() throws Exception {
        try (TestBroker broker = TestBroker.start(BROKER)) {
            // Given a committed transaction and an open one
            Clients.createTopic(broker.bootstrapServers(), "restart-open", 2);
            KafkaProducer<String, String> producer = Transactions.producer(broker.bootstrapServers(), "restart-1", Map.of());
            try {
                producer.beginTransaction();
                send(producer, "restart-open", "c1", "c2");
                producer.commitTransaction();
                producer.beginTransaction();
                send(producer, "restart-open", "open1", "open2", "open3");
                producer.flush();
                // When the broker restarts under it (on a new port: the producer cannot follow)
                broker.restart();
            } finally {
                producer.close(Duration.ZERO);
            }
            // And a new instance of the producer starts and commits
            try (KafkaProducer<String, String> successor = Transactions.producer(broker.bootstrapServers(), "restart-1", Map.of())) {
                successor.beginTransaction();
                send(successor, "restart-open", "s1", "s2");
                successor.commitTransaction();
            }
            // Then the open transaction was aborted: read_committed sees the two committed ones only
            List<TopicPartition> partitions = Clients.partitions("restart-open", 2);
            assertThat(Transactions.values(broker.bootstrapServers(), "read_committed", partitions, WAIT))
                    .containsExactlyInAnyOrder("c1", "c2", "s1", "s2");
            assertThat(Transactions.values(broker.bootstrapServers(), "read_uncommitted", partitions, WAIT))
                    .containsExactlyInAnyOrder("c1", "c2", "open1", "open2", "open3", "s1", "s2");
        }
    }

    /**
     * Stands in for a crash right after the coordinator made the outcome durable and before it wrote
     * any marker: the transaction's PrepareCommit/PrepareAbort record is appended to
     * {@code __transaction_state} as the coordinator would write it, and the broker restarts.
     */
    @ParameterizedTest(name = "commit: {0}")
    @ValueSource(booleans = {true, false})
    void aTransactionPreparedBeforeARestartIsCompletedAfterIt(boolean commit) throws Exception {
        String id = "prepared-" + commit;
        String topic = "restart-prepared-" + commit;
        try (TestBroker broker = TestBroker.start(BROKER)) {
            // Given an open transaction over two partitions
            Clients.createTopic(broker.bootstrapServers(), topic, 2);
            KafkaProducer<String, String> producer = Transactions.producer(broker.bootstrapServers(), id, Map.of());
            try {
                producer.beginTransaction();
                send(producer, topic, "p1", "p2", "p3");
                producer.flush();
                // And its outcome decided and durable, but no marker written
                TransactionDescription open;
                try (Admin admin = Clients.admin(broker.bootstrapServers())) {
                    open = admin.describeTransactions(List.of(id)).description(id).get();
                }
                Set<io.samsa.core.coordinator.group.TopicPartition> partitions = new HashSet<>();
                open.topicPartitions().forEach(partition -> partitions.add(
                        new io.samsa.core.coordinator.group.TopicPartition(partition.topic(), partition.partition())));
                var prepared = new TransactionMetadata(id, open.producerId(), -1, (short) open.producerEpoch(), (short) -1,
                        (int) open.transactionTimeoutMs(), commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT,
                        partitions, open.transactionStartTimeMs().orElseThrow(), System.currentTimeMillis());
                broker.log("__transaction_state", (id.hashCode() & 0x7fffffff) % 3).appendAsLeader(RecordBatch.wrap(
                        new RecordBatchBuilder().append(System.currentTimeMillis(), TransactionRecordCodec.key(id),
                                TransactionRecordCodec.value(prepared)).build())).toCompletableFuture().get();
                // When the broker restarts
                broker.restart();
            } finally {
                producer.close(Duration.ZERO);
            }
            // Then the coordinator writes the markers and completes the transaction
            try (Admin admin = Clients.admin(broker.bootstrapServers())) {
                await().atMost(WAIT).until(() -> admin.describeTransactions(List.of(id)).description(id).get().state()
                        == (commit ? org.apache.kafka.clients.admin.TransactionState.COMPLETE_COMMIT
                                : org.apache.kafka.clients.admin.TransactionState.COMPLETE_ABORT));
            }
            assertThat(Transactions.values(broker.bootstrapServers(), "read_committed", Clients.partitions(topic, 2), WAIT))
                    .containsExactlyInAnyOrderElementsOf(commit ? List.of("p1", "p2", "p3") : List.of());
        }
    }

    @Test
    void aTransactionOpenAtARestartKeepsItsTimeoutAndIsAbortedWhenItPasses() throws Exception {
        try (TestBroker broker = TestBroker.start(BROKER)) {
            // Given a transaction left open, with a 3 s timeout
            Clients.createTopic(broker.bootstrapServers(), "restart-timeout", 2);
            KafkaProducer<String, String> producer = Transactions.producer(broker.bootstrapServers(), "restart-2",
                    Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 3000));
            try {
                producer.beginTransaction();
                send(producer, "restart-timeout", "open1", "open2");
                producer.flush();
                // When the broker restarts and another producer commits to the same partitions
                broker.restart();
            } finally {
                producer.close(Duration.ZERO);
            }
            try (KafkaProducer<String, String> other = Transactions.producer(broker.bootstrapServers(), "restart-3", Map.of())) {
                other.beginTransaction();
                send(other, "restart-timeout", "o1", "o2");
                other.commitTransaction();
            }
            // Then the open transaction is aborted by its timeout after the restart
            try (Admin admin = Clients.admin(broker.bootstrapServers())) {
                await().atMost(WAIT).until(() -> admin.describeTransactions(List.of("restart-2")).description("restart-2")
                        .get().state() == org.apache.kafka.clients.admin.TransactionState.COMPLETE_ABORT);
            }
            // And read_committed, held back by it until then, sees the other producer's records only
            assertThat(Transactions.values(broker.bootstrapServers(), "read_committed", Clients.partitions("restart-timeout", 2),
                    WAIT)).containsExactlyInAnyOrder("o1", "o2");
        }
    }
}
