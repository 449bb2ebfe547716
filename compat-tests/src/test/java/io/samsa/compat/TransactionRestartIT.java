package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
                        .get().state() == TransactionState.COMPLETE_ABORT);
            }
            // And read_committed, held back by it until then, sees the other producer's records only
            assertThat(Transactions.values(broker.bootstrapServers(), "read_committed", Clients.partitions("restart-timeout", 2),
                    WAIT)).containsExactlyInAnyOrder("o1", "o2");
        }
    }
}
