package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kafka-clients 4.3.1 transactional producers against the broker: atomic commit and abort across
 * partitions and topics as read_committed and read_uncommitted consumers see them, zombie
 * fencing, the transaction timeout, and the Admin's view of transactions. The broker finalizes
 * no transaction.version, so these clients run transactions version 1 (KIP-890 part 2 is not
 * served).
 */
@Tag("integration")
@Timeout(180)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "transaction.state.log.num.partitions", value = "5")
@BrokerProperty(key = "transaction.abort.timed.out.transaction.cleanup.interval.ms", value = "200")
class TransactionalProducerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static void sendToEvery(KafkaProducer<String, String> producer, List<TopicPartition> partitions, String prefix) {
        for (TopicPartition partition : partitions) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "k" + i,
                        prefix + "-" + partition + "-" + i));
            }
        }
    }

    private static List<String> expected(List<TopicPartition> partitions, String... prefixes) {
        List<String> values = new ArrayList<>();
        for (String prefix : prefixes) {
            for (TopicPartition partition : partitions) {
                for (int i = 0; i < 3; i++) {
                    values.add(prefix + "-" + partition + "-" + i);
                }
            }
        }
        return values;
    }

    @Test
    void commitsAndAbortsAcrossPartitionsAndTopicsAreSeenAsEachIsolationLevelShould(TestBroker broker) throws Exception {
        // Given two topics, five partitions in all
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            Clients.createTopic(admin, "txn-orders", 3);
            Clients.createTopic(admin, "txn-payments", 2);
        }
        List<TopicPartition> partitions = new ArrayList<>(Clients.partitions("txn-orders", 3));
        partitions.addAll(Clients.partitions("txn-payments", 2));
        // When one producer commits, aborts, then commits again, each time writing to every partition
        try (KafkaProducer<String, String> producer = Transactions.producer(broker.bootstrapServers(), "commit-abort", Map.of())) {
            producer.beginTransaction();
            sendToEvery(producer, partitions, "first");
            producer.commitTransaction();
            producer.beginTransaction();
            sendToEvery(producer, partitions, "aborted");
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            sendToEvery(producer, partitions, "second");
            producer.commitTransaction();
        }
        // Then read_committed sees exactly the committed records; read_uncommitted sees every record
        assertThat(Transactions.values(broker.bootstrapServers(), "read_committed", partitions, WAIT))
                .containsExactlyInAnyOrderElementsOf(expected(partitions, "first", "second"));
        assertThat(Transactions.values(broker.bootstrapServers(), "read_uncommitted", partitions, WAIT))
                .containsExactlyInAnyOrderElementsOf(expected(partitions, "first", "aborted", "second"));
    }

    @Test
    void transactionsOfManySmallBatchesPassVerificationAndCommitEveryRecordOnce(TestBroker broker) throws Exception {
        // Given a producer sending many small batches into each partition of each transaction (each first
        // transactional write to a partition is verified with the coordinator, KIP-890 part 1)
        Clients.createTopic(broker.bootstrapServers(), "txn-pipelined", 2);
        List<TopicPartition> partitions = Clients.partitions("txn-pipelined", 2);
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = Transactions.producer(broker.bootstrapServers(), "pipelined",
                Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 64, ProducerConfig.LINGER_MS_CONFIG, 0))) {
            for (int round = 0; round < 3; round++) {
                producer.beginTransaction();
                for (int i = 0; i < 200; i++) {
                    String value = "r" + round + "-" + i;
                    producer.send(new ProducerRecord<>("txn-pipelined", i % 2, "k" + i, value));
                    sent.add(value);
                }
                // When it commits
                producer.commitTransaction();
            }
        }
        // Then every record is committed once
        assertThat(Transactions.values(broker.bootstrapServers(), "read_committed", partitions, WAIT))
                .containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirstAndAbortsItsTransaction(TestBroker broker)
            throws Exception {
        // Given a producer with an open transaction
        Clients.createTopic(broker.bootstrapServers(), "txn-zombie", 2);
        List<TopicPartition> partitions = Clients.partitions("txn-zombie", 2);
        try (KafkaProducer<String, String> zombie = Transactions.producer(broker.bootstrapServers(), "shared", Map.of())) {
            zombie.beginTransaction();
            sendToEvery(zombie, partitions, "zombie");
            zombie.flush();
            // When another instance with the same transactional id starts and commits
            try (KafkaProducer<String, String> successor = Transactions.producer(broker.bootstrapServers(), "shared", Map.of())) {
                successor.beginTransaction();
                sendToEvery(successor, partitions, "successor");
                successor.commitTransaction();
            }
            // Then the first one is fenced
            assertThatThrownBy(zombie::commitTransaction).isInstanceOf(ProducerFencedException.class);
        }
        // And only the successor's records are committed
        assertThat(Transactions.values(broker.bootstrapServers(), "read_committed", partitions, WAIT))
                .containsExactlyInAnyOrderElementsOf(expected(partitions, "successor"));
    }

    @Test
    void aTransactionOpenBeyondItsTimeoutIsAbortedAndItsProducerFenced(TestBroker broker) throws Exception {
        // Given a producer whose transactions may stay open for 1.5 s
        Clients.createTopic(broker.bootstrapServers(), "txn-timeout", 1);
        List<TopicPartition> partitions = Clients.partitions("txn-timeout", 1);
        try (Admin admin = Clients.admin(broker.bootstrapServers());
                KafkaProducer<String, String> producer = Transactions.producer(broker.bootstrapServers(), "slow",
                        Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 1500))) {
            producer.beginTransaction();
            sendToEvery(producer, partitions, "late");
            producer.flush();
            // When it lets the timeout pass
            await().atMost(WAIT).until(() -> admin.describeTransactions(List.of("slow")).description("slow").get()
                    .state() == TransactionState.COMPLETE_ABORT);
            // Then the transaction was aborted with a new epoch: the producer cannot commit it
            assertThatThrownBy(producer::commitTransaction).isInstanceOfAny(ProducerFencedException.class,
                    InvalidProducerEpochException.class);
        }
        assertThat(Transactions.values(broker.bootstrapServers(), "read_committed", partitions, WAIT)).isEmpty();
        assertThat(Transactions.values(broker.bootstrapServers(), "read_uncommitted", partitions, WAIT))
                .containsExactlyElementsOf(expected(partitions, "late"));
    }

    @Test
    void aTimeoutAboveTransactionMaxTimeoutMsIsRefused(TestBroker broker) {
        try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrapServers(), Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "too-patient", ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 900_001))) {
            // kafka-clients report INVALID_TRANSACTION_TIMEOUT as a KafkaException with that error's message
            assertThatThrownBy(producer::initTransactions).isInstanceOf(KafkaException.class)
                    .hasMessageContaining(Errors.INVALID_TRANSACTION_TIMEOUT.message());
        }
    }

    @Test
    void theAdminListsAndDescribesTransactions(TestBroker broker) throws Exception {
        // Given one open transaction over two partitions and one committed
        Clients.createTopic(broker.bootstrapServers(), "txn-admin", 2);
        List<TopicPartition> partitions = Clients.partitions("txn-admin", 2);
        try (Admin admin = Clients.admin(broker.bootstrapServers());
                KafkaProducer<String, String> open = Transactions.producer(broker.bootstrapServers(), "admin-open",
                        Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 120_000));
                KafkaProducer<String, String> done = Transactions.producer(broker.bootstrapServers(), "admin-done", Map.of())) {
            open.beginTransaction();
            sendToEvery(open, partitions, "open");
            open.flush();
            done.beginTransaction();
            sendToEvery(done, partitions, "done");
            done.commitTransaction();
            // When
            TransactionDescription described = admin.describeTransactions(List.of("admin-open"))
                    .description("admin-open").get();
            // Then
            assertThat(described.state()).isEqualTo(TransactionState.ONGOING);
            assertThat(described.topicPartitions()).containsExactlyInAnyOrderElementsOf(partitions);
            assertThat(described.transactionTimeoutMs()).isEqualTo(120_000);
            assertThat(described.producerEpoch()).isZero();
            assertThat(described.transactionStartTimeMs()).isPresent();
            await().atMost(WAIT).untilAsserted(() -> assertThat(admin.describeTransactions(List.of("admin-done"))
                    .description("admin-done").get().state()).isEqualTo(TransactionState.COMPLETE_COMMIT));
            assertThat(admin.listTransactions().all().get()).extracting(TransactionListing::transactionalId)
                    .contains("admin-open", "admin-done");
            assertThat(admin.listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
                    .all().get()).extracting(TransactionListing::transactionalId)
                    .contains("admin-open").doesNotContain("admin-done");
            assertThat(admin.listTransactions(new ListTransactionsOptions().filterProducerIds(List.of(described.producerId())))
                    .all().get()).extracting(TransactionListing::transactionalId).containsExactly("admin-open");
            assertThatThrownBy(() -> admin.describeTransactions(List.of("no-such-id")).description("no-such-id").get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TransactionalIdNotFoundException.class);
            open.abortTransaction();
        }
    }

    @Test
    void theAdminFencesAProducer(TestBroker broker) throws Exception {
        // Given a producer with an open transaction
        Clients.createTopic(broker.bootstrapServers(), "txn-fence", 1);
        List<TopicPartition> partitions = Clients.partitions("txn-fence", 1);
        try (Admin admin = Clients.admin(broker.bootstrapServers());
                KafkaProducer<String, String> producer = Transactions.producer(broker.bootstrapServers(), "fenced", Map.of())) {
            producer.beginTransaction();
            sendToEvery(producer, partitions, "fenced");
            producer.flush();
            // When an operator fences its transactional id
            admin.fenceProducers(List.of("fenced")).all().get();
            // Then its transaction was aborted (one epoch bump) before the fence took hold (a second one)
            TransactionDescription fenced = admin.describeTransactions(List.of("fenced")).description("fenced").get();
            assertThat(fenced.state()).isEqualTo(TransactionState.EMPTY);
            assertThat(fenced.producerEpoch()).isEqualTo(2);
            // And the producer cannot commit
            assertThatThrownBy(producer::commitTransaction).isInstanceOfAny(ProducerFencedException.class,
                    InvalidProducerEpochException.class);
        }
        assertThat(Transactions.values(broker.bootstrapServers(), "read_committed", partitions, WAIT)).isEmpty();
    }

    @Test
    void noTransactionVersionIsFinalizedSoKafkaClientsUseTransactionsV1(TestBroker broker) throws Exception {
        // Given a 4.3.1 client, which uses transactions V2 only where transaction.version >= 2 is finalized
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            // Then the broker finalizes no transaction.version (so clients fall back to V1)
            assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeatures()).doesNotContainKey("transaction.version");
        }
        // And a transaction of such a client commits (EndTxn v4 at most; v5 is not advertised)
        Clients.createTopic(broker.bootstrapServers(), "txn-v1", 1);
        try (KafkaProducer<String, String> producer = Transactions.producer(broker.bootstrapServers(), "v1", Map.of())) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("txn-v1", "k", "v"));
            producer.commitTransaction();
        }
        assertThat(Transactions.values(broker.bootstrapServers(), "read_committed", Clients.partitions("txn-v1", 1), WAIT))
                .containsExactly("v");
    }
}
