package io.samsa.compat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;

/**
 * The transactional answers a user (or a client library) sees, gathered the same way from any
 * broker so that Samsa's can be set side by side with Apache Kafka's. Every value is made
 * independent of the run (producer ids, timestamps and names are given relative to each other),
 * so two brokers started fresh give equal maps when they behave alike.
 *
 * <p>Run against any broker: {@code java -cp <compat-tests test classpath> io.samsa.compat.TransactionAnswers host:port}
 * ({@code samsa} instead of {@code host:port} starts an in-process Samsa; it needs
 * {@code -Dsamsa.plugin.path} naming a directory with the file storage plugin). Each line printed
 * is {@code ANSWER key = value}; TransactionAnswersIT holds Kafka 4.3.1's lines.
 */
final class TransactionAnswers {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private final String bootstrap;
    private final String run;
    private final Map<String, String> answers = new LinkedHashMap<>();
    private long transactionProducerId = -1;

    TransactionAnswers(String bootstrap, String run) {
        this.bootstrap = bootstrap;
        this.run = run;
    }

    public static void main(String[] args) throws Exception {
        String run = args.length > 1 ? args[1] : Long.toString(System.currentTimeMillis() % 100_000);
        if (args[0].equals("samsa")) {
            try (io.samsa.testkit.TestBroker broker = io.samsa.testkit.TestBroker.start(Map.of())) {
                print(new TransactionAnswers(broker.bootstrapServers(), run).observeAll());
            }
        } else {
            print(new TransactionAnswers(args[0], run).observeAll());
        }
        System.exit(0);
    }

    private static void print(Map<String, String> answers) {
        answers.forEach((key, value) -> System.out.println("ANSWER " + key + " = " + value));
    }

    Map<String, String> observeAll() throws Exception {
        commitAbortCommit();
        openTransaction();
        fencing();
        timeout();
        unknowns();
        TransactionWireAnswers wire = new TransactionWireAnswers(bootstrap, run, answers);
        wire.errorCodes();
        wire.fetch("cmp-a-" + run, 0, transactionProducerId);
        wire.verification();
        return answers;
    }

    private void put(String key, Object value) {
        answers.put(key, String.valueOf(value));
    }

    // ---- 1. commit N, abort M, commit again, on two partitions
    void commitAbortCommit() throws Exception {
        String topic = "cmp-a-" + run;
        String id = "cmp-a-" + run;
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        Clients.createTopic(bootstrap, topic, 2);
        try (Admin admin = Clients.admin(bootstrap);
                KafkaProducer<String, String> producer = Transactions.producer(bootstrap, id, Map.of())) {
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = send(producer, partitions, "c1-", 3);
            producer.flush();
            describeTransaction(admin, id, "a.open");
            transactionProducerId = admin.describeTransactions(List.of(id)).description(id).get().producerId();
            describeProducers(admin, partitions.get(0), "a.open.p0", lastTimestamp(sent, 0));
            listTransactions(admin, id, "a.open");
            listOffsets(admin, partitions, "a.open");
            producer.commitTransaction();
            put("a.commit1.offsets", offsets(sent));
            awaitState(id, TransactionState.COMPLETE_COMMIT);
            describeTransaction(admin, id, "a.committed");

            producer.beginTransaction();
            List<Future<RecordMetadata>> aborted = send(producer, partitions, "ab-", 2);
            producer.flush();
            producer.abortTransaction();
            put("a.abort.offsets", offsets(aborted));
            awaitState(id, TransactionState.COMPLETE_ABORT);
            describeTransaction(admin, id, "a.aborted");

            producer.beginTransaction();
            List<Future<RecordMetadata>> last = send(producer, partitions, "c2-", 1);
            producer.commitTransaction();
            put("a.commit2.offsets", offsets(last));
            // commitTransaction returns once the commit is decided; its markers may still be in flight
            awaitState(id, TransactionState.COMPLETE_COMMIT);
            listOffsets(admin, partitions, "a.end");
            describeProducers(admin, partitions.get(0), "a.end.p0", lastTimestamp(last, 0));
            describeTransaction(admin, id, "a.end");
            listTransactions(admin, id, "a.end");
            read(partitions, "read_committed", "a.end.rc");
            read(partitions, "read_uncommitted", "a.end.ru");
        }
    }

    // ---- 2. a transaction left open: what read_committed stops at
    void openTransaction() throws Exception {
        String topic = "cmp-b-" + run;
        TopicPartition partition = new TopicPartition(topic, 0);
        Clients.createTopic(bootstrap, topic, 1);
        try (Admin admin = Clients.admin(bootstrap);
                KafkaProducer<String, String> committed = Transactions.producer(bootstrap, "cmp-b1-" + run, Map.of());
                KafkaProducer<String, String> open = Transactions.producer(bootstrap, "cmp-b2-" + run, Map.of())) {
            committed.beginTransaction();
            send(committed, List.of(partition), "c-", 2);
            committed.commitTransaction();
            awaitState("cmp-b1-" + run, TransactionState.COMPLETE_COMMIT);
            open.beginTransaction();
            // Explicit timestamps, so that which record a timestamp finds does not depend on the clock:
            // two records share the latest one.
            long base = System.currentTimeMillis();
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            for (long offsetInTxn : new long[] {0, 10, 10}) {
                pending.add(open.send(new ProducerRecord<>(topic, 0, base + offsetInTxn, "k", "o-" + offsetInTxn)));
            }
            open.flush();
            put("b.open.offsets", offsets(pending));
            listOffsets(admin, List.of(partition), "b.open");
            describeProducers(admin, partition, "b.open", lastTimestamp(pending, 0));
            long insideOpen = base + 5;
            for (IsolationLevel isolation : IsolationLevel.values()) {
                var result = admin.listOffsets(Map.of(partition, OffsetSpec.forTimestamp(insideOpen)),
                        new ListOffsetsOptions(isolation)).partitionResult(partition).get();
                put("b.open.admin.forTimestamp." + isolation, result.offset() + " ts=" + relative(result.timestamp(), base));
                var maxTs = admin.listOffsets(Map.of(partition, OffsetSpec.maxTimestamp()), new ListOffsetsOptions(isolation))
                        .partitionResult(partition).get();
                put("b.open.admin.maxTimestamp." + isolation, maxTs.offset() + " ts=" + relative(maxTs.timestamp(), base));
            }
            for (String isolation : List.of("read_committed", "read_uncommitted")) {
                try (KafkaConsumer<String, String> consumer = Transactions.consumer(bootstrap, isolation)) {
                    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(partition, insideOpen));
                    OffsetAndTimestamp at = found.get(partition);
                    put("b.open.consumer.offsetsForTimes." + isolation, at == null ? "null"
                            : at.offset() + " ts=" + relative(at.timestamp(), base));
                    put("b.open.consumer.endOffsets." + isolation, consumer.endOffsets(List.of(partition)).get(partition));
                }
            }
            readFor(List.of(partition), "read_committed", "b.open.rc", Duration.ofSeconds(3));
            readFor(List.of(partition), "read_uncommitted", "b.open.ru", Duration.ofSeconds(3));
            open.abortTransaction();
            awaitState("cmp-b2-" + run, TransactionState.COMPLETE_ABORT);
            listOffsets(admin, List.of(partition), "b.aborted");
        }
    }

    // ---- 3. a second InitProducerId with the same transactional.id while a transaction is open
    void fencing() throws Exception {
        String topic = "cmp-c-" + run;
        String id = "cmp-c-" + run;
        TopicPartition partition = new TopicPartition(topic, 0);
        Clients.createTopic(bootstrap, topic, 1);
        try (Admin admin = Clients.admin(bootstrap);
                KafkaProducer<String, String> first = Transactions.producer(bootstrap, id, Map.of())) {
            first.beginTransaction();
            put("c.first.offsets", offsets(send(first, List.of(partition), "z-", 2)));
            first.flush();
            TransactionDescription before = admin.describeTransactions(List.of(id)).description(id).get();
            try (KafkaProducer<String, String> second = Transactions.producer(bootstrap, id, Map.of())) {
                TransactionDescription after = admin.describeTransactions(List.of(id)).description(id).get();
                put("c.second.sameProducerId", after.producerId() == before.producerId());
                put("c.second.epochDelta", after.producerEpoch() - before.producerEpoch());
                put("c.second.state", after.state());
                listOffsets(admin, List.of(partition), "c.fenced");
                describeProducers(admin, partition, "c.fenced", -1);
                try {
                    first.send(new ProducerRecord<>(topic, 0, "k", "zombie")).get();
                    put("c.first.send", "ok");
                } catch (Exception e) {
                    put("c.first.send", describe(e));
                }
                try {
                    first.commitTransaction();
                    put("c.first.commit", "ok");
                } catch (Exception e) {
                    put("c.first.commit", describe(e));
                }
                second.beginTransaction();
                put("c.second.offsets", offsets(send(second, List.of(partition), "s-", 1)));
                second.commitTransaction();
            }
            awaitState(id, TransactionState.COMPLETE_COMMIT);
            read(List.of(partition), "read_committed", "c.end.rc");
            read(List.of(partition), "read_uncommitted", "c.end.ru");
        }
    }

    // ---- 4. a transaction left open beyond transaction.timeout.ms (Kafka looks every 10 s by default)
    void timeout() throws Exception {
        String topic = "cmp-g-" + run;
        String id = "cmp-g-" + run;
        TopicPartition partition = new TopicPartition(topic, 0);
        Clients.createTopic(bootstrap, topic, 1);
        try (Admin admin = Clients.admin(bootstrap);
                KafkaProducer<String, String> producer = Transactions.producer(bootstrap, id,
                        Map.of(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 1000))) {
            producer.beginTransaction();
            put("g.offsets", offsets(send(producer, List.of(partition), "t-", 2)));
            producer.flush();
            TransactionDescription before = admin.describeTransactions(List.of(id)).description(id).get();
            awaitState(id, TransactionState.COMPLETE_ABORT, Duration.ofSeconds(30));
            TransactionDescription after = admin.describeTransactions(List.of(id)).description(id).get();
            put("g.aborted.epochDelta", after.producerEpoch() - before.producerEpoch());
            listOffsets(admin, List.of(partition), "g.aborted");
            describeProducers(admin, partition, "g.aborted", -1);
            try {
                producer.send(new ProducerRecord<>(topic, 0, "k", "late")).get();
                put("g.send", "ok");
            } catch (Exception e) {
                put("g.send", describe(e));
            }
            try {
                producer.commitTransaction();
                put("g.commit", "ok");
            } catch (Exception e) {
                put("g.commit", describe(e));
            }
        }
        read(List.of(partition), "read_committed", "g.end.rc");
    }

    // ---- 5. what the Admin calls say of ids and partitions they do not know
    void unknowns() throws Exception {
        // Kafka retries an unknown partition until the call's timeout: keep that short
        try (Admin admin = Clients.admin(bootstrap, Map.of(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5_000, org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            String id = "cmp-unknown-" + run;
            try {
                admin.describeTransactions(List.of(id)).description(id).get();
                put("h.describeTransactions.unknown", "ok");
            } catch (ExecutionException e) {
                put("h.describeTransactions.unknown", describe(e));
            }
            TopicPartition unknown = new TopicPartition("cmp-no-such-topic-" + run, 0);
            try {
                admin.describeProducers(List.of(unknown)).partitionResult(unknown).get();
                put("h.describeProducers.unknownTopic", "ok");
            } catch (ExecutionException e) {
                put("h.describeProducers.unknownTopic", describe(e));
            }
            String topic = "cmp-h-" + run;
            Clients.createTopic(admin, topic, 1);
            TopicPartition empty = new TopicPartition(topic, 0);
            describeProducers(admin, empty, "h.emptyPartition", -1);
            TopicPartition beyond = new TopicPartition(topic, 3);
            try {
                admin.describeProducers(List.of(beyond)).partitionResult(beyond).get();
                put("h.describeProducers.unknownPartition", "ok");
            } catch (ExecutionException e) {
                put("h.describeProducers.unknownPartition", describe(e));
            }
        }
    }

    private static String relative(long timestamp, long base) {
        return timestamp == -1 ? "-1" : "base+" + (timestamp - base);
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName();
    }

    private void awaitState(String id, TransactionState state) throws Exception {
        awaitState(bootstrap, id, state);
    }

    private void awaitState(String id, TransactionState state, Duration timeout) throws Exception {
        awaitState(bootstrap, id, state, timeout);
    }

    static void awaitState(String bootstrap, String id, TransactionState state) throws Exception {
        awaitState(bootstrap, id, state, READ_TIMEOUT);
    }

    private static void awaitState(String bootstrap, String id, TransactionState state, Duration timeout) throws Exception {
        try (Admin admin = Clients.admin(bootstrap)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (admin.describeTransactions(List.of(id)).description(id).get().state() != state) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(id + " never reached " + state);
                }
                Thread.sleep(20);
            }
        }
    }

    // ---- what the clients see

    private static List<Future<RecordMetadata>> send(KafkaProducer<String, String> producer, List<TopicPartition> partitions,
            String prefix, int count) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "k" + i,
                        prefix + partition.partition() + "-" + i)));
            }
        }
        return sent;
    }

    private static String offsets(List<Future<RecordMetadata>> sent) throws Exception {
        List<String> offsets = new ArrayList<>();
        for (Future<RecordMetadata> future : sent) {
            RecordMetadata metadata = future.get();
            offsets.add(metadata.partition() + "@" + metadata.offset());
        }
        return offsets.toString();
    }

    private static long lastTimestamp(List<Future<RecordMetadata>> sent, int partition) throws Exception {
        long last = -1;
        for (Future<RecordMetadata> future : sent) {
            if (future.get().partition() == partition) {
                last = future.get().timestamp();
            }
        }
        return last;
    }

    private void listOffsets(Admin admin, Collection<TopicPartition> partitions, String prefix) throws Exception {
        for (IsolationLevel isolation : IsolationLevel.values()) {
            Map<String, OffsetSpec> specs = new LinkedHashMap<>();
            specs.put("latest", OffsetSpec.latest());
            specs.put("earliest", OffsetSpec.earliest());
            for (var spec : specs.entrySet()) {
                Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec.getValue()));
                var result = admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get();
                put(prefix + ".listOffsets." + spec.getKey() + "." + isolation, new TreeMap<>(result.entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()))));
            }
        }
    }

    private void describeProducers(Admin admin, TopicPartition partition, String prefix, long lastRecordTimestamp) throws Exception {
        List<ProducerState> states = admin.describeProducers(List.of(partition)).partitionResult(partition).get().activeProducers();
        put(prefix + ".producers.count", states.size());
        List<String> rendered = new ArrayList<>();
        for (ProducerState state : states) {
            rendered.add("epoch=" + state.producerEpoch() + " lastSequence=" + state.lastSequence()
                    + " lastTimestamp=" + (state.lastTimestamp() == lastRecordTimestamp ? "lastRecord"
                            : state.lastTimestamp() > lastRecordTimestamp ? "later" : "earlier")
                    + " coordinatorEpoch=" + state.coordinatorEpoch()
                    + " txnStartOffset=" + state.currentTransactionStartOffset());
        }
        rendered.sort(null);
        put(prefix + ".producers", rendered);
    }

    private void describeTransaction(Admin admin, String id, String prefix) throws Exception {
        TransactionDescription description = admin.describeTransactions(List.of(id)).description(id).get();
        put(prefix + ".describe", "state=" + description.state() + " epoch=" + description.producerEpoch()
                + " timeoutMs=" + description.transactionTimeoutMs()
                + " startTime=" + (description.transactionStartTimeMs().isPresent() ? "present" : "empty")
                + " partitions=" + description.topicPartitions().stream().map(TopicPartition::partition).sorted().toList());
    }

    private void listTransactions(Admin admin, String id, String prefix) throws Exception {
        TransactionDescription description = admin.describeTransactions(List.of(id)).description(id).get();
        Map<String, ListTransactionsOptions> filters = new LinkedHashMap<>();
        filters.put("all", new ListTransactionsOptions());
        filters.put("ongoing", new ListTransactionsOptions().filterStates(Set.of(TransactionState.ONGOING)));
        filters.put("completeCommit", new ListTransactionsOptions().filterStates(Set.of(TransactionState.COMPLETE_COMMIT)));
        filters.put("producerId", new ListTransactionsOptions().filterProducerIds(Set.of(description.producerId())));
        filters.put("otherProducerId", new ListTransactionsOptions().filterProducerIds(Set.of(description.producerId() + 1000)));
        filters.put("duration0", new ListTransactionsOptions().filterOnDuration(0));
        filters.put("duration1h", new ListTransactionsOptions().filterOnDuration(3_600_000));
        filters.put("transactionalIdPattern", new ListTransactionsOptions().filterOnTransactionalIdPattern("cmp-a-.*"));
        for (var filter : filters.entrySet()) {
            Collection<TransactionListing> listings = admin.listTransactions(filter.getValue()).all().get();
            Optional<TransactionListing> ours = listings.stream().filter(l -> l.transactionalId().equals(id)).findFirst();
            put(prefix + ".list." + filter.getKey(), ours.map(l -> "listed " + l.state()).orElse("not listed"));
        }
    }

    private void read(List<TopicPartition> partitions, String isolation, String prefix) {
        try (KafkaConsumer<String, String> consumer = Transactions.consumer(bootstrap, isolation);
                KafkaConsumer<String, String> ends = Transactions.consumer(bootstrap, "read_uncommitted")) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            Map<TopicPartition, Long> logEnds = ends.endOffsets(partitions);
            while (System.nanoTime() < deadline
                    && !partitions.stream().allMatch(p -> consumer.position(p) >= logEnds.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(record.partition() + "@" + record.offset() + ":" + record.value());
                }
            }
            report(consumer, partitions, prefix, seen);
        }
    }

    private void readFor(List<TopicPartition> partitions, String isolation, String prefix, Duration time) {
        try (KafkaConsumer<String, String> consumer = Transactions.consumer(bootstrap, isolation)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + time.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(record.partition() + "@" + record.offset() + ":" + record.value());
                }
            }
            report(consumer, partitions, prefix, seen);
        }
    }

    private void report(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions, String prefix, List<String> seen) {
        seen.sort(null);
        put(prefix + ".records", seen);
        put(prefix + ".positions", partitions.stream().map(p -> p.partition() + "=" + consumer.position(p)).toList());
        put(prefix + ".endOffsets", new TreeMap<>(consumer.endOffsets(partitions).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue))));
    }
}
