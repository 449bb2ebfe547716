package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Consumer-group test members: kafka-clients consumers with the classic protocol, each polling on
 * its own thread, processing records into a shared {@link Ledger} and committing after
 * processing; the ledger also checks that no partition is ever owned by two members at once.
 */
final class GroupMembers {
    private GroupMembers() {}

    /** A classic-protocol consumer's settings, tuned so rebalances are noticed within a second. */
    static Map<String, Object> consumerConfig(TestBroker broker, String group, String assignor) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "300");
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return config;
    }

    /**
     * A KIP-848 consumer's settings ({@code group.protocol=consumer}): the broker decides the
     * heartbeat interval, session timeout and assignment.
     */
    static Map<String, Object> consumerProtocolConfig(TestBroker broker, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return config;
    }

    /** Sends {@code count} records round-robin over the partitions, values "{prefix}-{n}"; returns the values. */
    static List<String> produce(TestBroker broker, String topic, int partitions, String prefix, int count) throws Exception {
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, "5"))) {
            for (int i = 0; i < count; i++) {
                String value = prefix + "-" + i;
                producer.send(new ProducerRecord<>(topic, i % partitions, null, value));
                values.add(value);
            }
            producer.flush();
        }
        return values;
    }

    /** What a group consumed, and who owned which partition when. */
    static final class Ledger {
        private final Map<String, AtomicInteger> consumed = new ConcurrentHashMap<>();
        private final Map<TopicPartition, String> owners = new ConcurrentHashMap<>();
        private final List<String> violations = new CopyOnWriteArrayList<>();

        void consumed(String member, ConsumerRecord<String, String> record) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            String owner = owners.get(partition);
            if (!member.equals(owner)) {
                violations.add(member + " consumed " + record.value() + " from " + partition + " owned by " + owner);
            }
            consumed.computeIfAbsent(record.value(), value -> new AtomicInteger()).incrementAndGet();
        }

        void assigned(String member, Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                String previous = owners.putIfAbsent(partition, member);
                if (previous != null && !previous.equals(member)) {
                    violations.add(partition + " assigned to " + member + " while " + previous + " owns it");
                }
            }
        }

        void released(String member, Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> owners.remove(partition, member));
        }

        /** Values consumed, each with how often. */
        Map<String, Integer> counts() {
            Map<String, Integer> counts = new HashMap<>();
            consumed.forEach((value, count) -> counts.put(value, count.get()));
            return counts;
        }

        boolean consumedAll(Collection<String> values) {
            return consumed.keySet().containsAll(values);
        }

        /** Partition to owning member, now. */
        Map<TopicPartition, String> owners() {
            return Map.copyOf(owners);
        }

        List<String> violations() {
            return List.copyOf(violations);
        }

        /**
         * Waits until {@code members} own every partition of {@code topic} between them, each at least
         * one, none of them failed; with {@code assignmentsAgree} also until each member's own view of
         * its assignment is what this ledger saw it take.
         */
        void awaitOwners(String topic, int partitions, List<? extends Participant> members, boolean assignmentsAgree) {
            Set<String> names = members.stream().map(Participant::name).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                members.forEach(member -> assertThat(member.failure()).as(member.name()).isNull());
                Map<TopicPartition, String> now = owners();
                assertThat(now.keySet()).containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList());
                assertThat(new HashSet<>(now.values())).isEqualTo(names);
                if (assignmentsAgree) {
                    for (Participant member : members) {
                        assertThat(member.assignment()).isEqualTo(now.entrySet().stream()
                                .filter(entry -> entry.getValue().equals(member.name())).map(Map.Entry::getKey)
                                .collect(Collectors.toSet()));
                    }
                }
            });
        }
    }

    /** A group member as the tests drive it: in this JVM ({@link Member}) or its own ({@link ProcessMember}). */
    interface Participant extends AutoCloseable {
        String name();

        Throwable failure();

        /** The partitions this member owns now. */
        Set<TopicPartition> assignment();

        @Override
        void close() throws InterruptedException;

        /** Makes it die after processing its next batch, without committing it nor leaving. */
        void crashAfterNextBatch();

        /** Waits for the crash; returns the values it processed without committing them. */
        Set<String> awaitCrash() throws InterruptedException;
    }

    /**
     * A member in a JVM of its own ({@link GroupMemberProcess}), reporting to the ledger: its
     * crash halts that JVM, so, unlike a closed consumer (kafka-clients 4.x KIP-848 consumers send
     * a leaving heartbeat on close whatever the close options), nothing tells the coordinator.
     */
    static final class ProcessMember implements Participant {
        private final String name;
        private final String topic;
        private final Ledger ledger;
        private final Process process;
        private final Thread reader;
        private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
        private final Set<String> uncommitted = ConcurrentHashMap.newKeySet();
        private volatile boolean crashed;
        private volatile Throwable failure;

        ProcessMember(String name, Map<String, Object> config, String topic, Ledger ledger) {
            this.name = name;
            this.topic = topic;
            this.ledger = ledger;
            List<String> command = new ArrayList<>(List.of(
                    java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), GroupMemberProcess.class.getName(), topic));
            config.forEach((key, value) -> command.add(key + "=" + (value instanceof Class<?> type ? type.getName() : value)));
            try {
                this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            this.reader = new Thread(this::read, "process-member-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        private List<TopicPartition> partitions(String[] words) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                partitions.add(new TopicPartition(topic, Integer.parseInt(words[i])));
            }
            return partitions;
        }

        private void read() {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.startsWith("@@ ")) {
                        System.out.println("[" + name + "] " + line);
                        continue;
                    }
                    String[] words = line.substring(3).split(" ");
                    switch (words[0]) {
                        case "ASSIGNED" -> {
                            List<TopicPartition> partitions = partitions(words);
                            ledger.assigned(name, partitions);
                            assignment.addAll(partitions);
                        }
                        case "RELEASED" -> {
                            List<TopicPartition> partitions = partitions(words);
                            ledger.released(name, partitions);
                            assignment.removeAll(partitions);
                        }
                        case "RECORD" -> {
                            ledger.consumed(name, new ConsumerRecord<>(topic, Integer.parseInt(words[1]), 0L, null, words[2]));
                            uncommitted.add(words[2]);
                        }
                        case "COMMITTED" -> uncommitted.clear();
                        case "CRASHED" -> crashed = true;
                        default -> failure = new IllegalStateException(name + ": " + line);
                    }
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                ledger.released(name, assignment);
                assignment.clear();
            }
        }

        private void command(String command) {
            try {
                process.getOutputStream().write((command + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                process.getOutputStream().flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Throwable failure() {
            return failure;
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.copyOf(assignment);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                command("close");
            }
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                failure = new IllegalStateException(name + " did not close");
            }
            reader.join(Duration.ofSeconds(10));
        }

        @Override
        public void crashAfterNextBatch() {
            command("crash");
        }

        @Override
        public Set<String> awaitCrash() throws InterruptedException {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not crash: it received no records");
            }
            reader.join(Duration.ofSeconds(10));
            if (!crashed) {
                throw new IllegalStateException(name + " exited without crashing: " + process.exitValue());
            }
            return Set.copyOf(uncommitted);
        }
    }

    /**
     * A member polling on its own thread: it processes each batch into the ledger, then commits
     * synchronously; on revocation it commits what it processed (the usual at-least-once pattern,
     * which with a correct coordinator delivers each record once). {@link #close()} stops it and
     * closes the consumer (a dynamic member leaves the group; a static one stays in it).
     */
    static final class Member implements Participant {
        final String name;
        private final KafkaConsumer<String, String> consumer;
        private final Ledger ledger;
        private final Thread thread;
        private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
        private final AtomicInteger assignments = new AtomicInteger();
        private volatile int generation = -1;
        private volatile boolean running = true;
        private volatile boolean leaveOnClose = true;
        private volatile boolean crashing;
        /** Values processed since the last successful commit (only this member's thread changes it). */
        private final Set<String> uncommitted = ConcurrentHashMap.newKeySet();
        private volatile Throwable failure;

        Member(String name, Map<String, Object> config, String topic, Ledger ledger) {
            this.name = name;
            this.consumer = new KafkaConsumer<>(config);
            this.ledger = ledger;
            this.thread = new Thread(() -> run(topic), "member-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void run(String topic) {
            try {
                consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        if (!partitions.isEmpty() && !crashing) {
                            consumer.commitSync();
                            uncommitted.clear();
                        }
                        ledger.released(name, partitions);
                        assignment.removeAll(partitions);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        ledger.assigned(name, partitions);
                        assignment.addAll(partitions);
                        assignments.incrementAndGet();
                        generation = consumer.groupMetadata().generationId();
                    }

                    @Override
                    public void onPartitionsLost(Collection<TopicPartition> partitions) {
                        ledger.released(name, partitions);
                        assignment.removeAll(partitions);
                    }
                });
                while (running) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                    generation = consumer.groupMetadata().generationId();
                    if (records.isEmpty()) {
                        continue;
                    }
                    records.forEach(record -> {
                        ledger.consumed(name, record);
                        uncommitted.add(record.value());
                    });
                    if (crashing) {
                        // As if killed: it reads nothing more; the consumer is closed below without leaving or committing.
                        ledger.released(name, assignment);
                        return;
                    }
                    try {
                        consumer.commitSync();
                        uncommitted.clear();
                    } catch (RebalanceInProgressException e) {
                        // Committed on revocation, in the next poll, before the partitions move.
                    }
                }
                ledger.released(name, assignment);
            } catch (Throwable e) {
                failure = e;
            } finally {
                consumer.close(CloseOptions.groupMembershipOperation(leaveOnClose
                        ? CloseOptions.GroupMembershipOperation.DEFAULT : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
            }
        }

        @Override
        public String name() {
            return name;
        }

        /** The partitions this member owns now. */
        @Override
        public Set<TopicPartition> assignment() {
            return Set.copyOf(assignment);
        }

        /** How often partitions were assigned to it (a rebalance listener call with partitions or without). */
        int assignmentCallbacks() {
            return assignments.get();
        }

        int generation() {
            return generation;
        }

        @Override
        public Throwable failure() {
            return failure;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(Duration.ofSeconds(30));
        }

        /**
         * Makes it die as a killed process would, after processing its next batch: no commit of
         * that batch (not even on revocation) and no LeaveGroup; the coordinator notices when its
         * session times out. See {@link #awaitCrash()}.
         */
        @Override
        public void crashAfterNextBatch() {
            leaveOnClose = false;
            crashing = true;
        }

        /** Waits for the crash; returns the values it processed without committing them. */
        @Override
        public Set<String> awaitCrash() throws InterruptedException {
            thread.join(Duration.ofSeconds(30));
            if (thread.isAlive()) {
                throw new IllegalStateException(name + " did not crash: it received no records");
            }
            return Set.copyOf(uncommitted);
        }

        /**
         * Stops without a LeaveGroup, as a killed process would: the coordinator only notices when
         * the member's session times out.
         */
        void vanish() throws InterruptedException {
            leaveOnClose = false;
            close();
        }
    }
}
