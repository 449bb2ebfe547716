package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's broker killed with SIGKILL in the middle of transactions: a commit that was
 * acknowledged (perhaps with its markers not all written yet) is visible after the restart, and
 * a transaction left open is aborted by the next instance of its producer.
 */
@Tag("integration")
@Timeout(300)
class TransactionCrashIT {
    private static final String TOPIC = "crash-txn";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private static void send(KafkaProducer<String, String> producer, String prefix) {
        for (int i = 0; i < 6; i++) {
            producer.send(new ProducerRecord<>(TOPIC, i % 3, "k" + i, prefix + i));
        }
    }

    @Test
    void anAcknowledgedCommitSurvivesAKillAndAnOpenTransactionIsAbortedAfterIt() throws Exception {
        int port = DistributionProcess.freePort();
        String bootstrap = "127.0.0.1:" + port;
        String[] overrides = {"transaction.state.log.num.partitions=3"};
        List<TopicPartition> partitions = Clients.partitions(TOPIC, 3);
        try (DistributionProcess broker = BrokerProcesses.start(dataDir, port, overrides)) {
            broker.awaitListening();
            try (Admin admin = Clients.admin(bootstrap)) {
                Clients.createTopic(admin, TOPIC, 3);
            }
            // Given one producer that commits and is killed with the broker right after the acknowledgement
            KafkaProducer<String, String> committer = Transactions.producer(bootstrap, "crash-commit", Map.of());
            // And another whose transaction is open at the kill
            KafkaProducer<String, String> open = Transactions.producer(bootstrap, "crash-open", Map.of());
            try {
                open.beginTransaction();
                send(open, "open");
                open.flush();
                committer.beginTransaction();
                send(committer, "committed");
                committer.commitTransaction();
                // When
                BrokerProcesses.kill(broker);
            } finally {
                committer.close(Duration.ZERO);
                open.close(Duration.ZERO);
            }
        }
        try (DistributionProcess restarted = BrokerProcesses.start(dataDir, port, overrides)) {
            restarted.awaitListening();
            // And the open transaction's producer comes back and commits a new transaction
            try (KafkaProducer<String, String> successor = Transactions.producer(bootstrap, "crash-open", Map.of())) {
                successor.beginTransaction();
                send(successor, "after");
                successor.commitTransaction();
            }
            // Then read_committed sees the acknowledged commit and the new one, never the open transaction
            assertThat(Transactions.values(bootstrap, "read_committed", partitions, WAIT))
                    .containsExactlyInAnyOrder("committed0", "committed1", "committed2", "committed3", "committed4",
                            "committed5", "after0", "after1", "after2", "after3", "after4", "after5");
        }
    }
}
