package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka Streams word count with {@code processing.guarantee=exactly_once_v2} ({@link WordCount})
 * over a known input: read with read_committed, every word's counts are 1, 2, ... its number of
 * occurrences, each once: no count lost, none repeated, also when the application is stopped and
 * started again, or killed in the middle of a transaction and started again.
 */
@Tag("integration")
@Timeout(240)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.initial.rebalance.delay.ms", value = "0")
class StreamsExactlyOnceIT {
    private static final List<String> VOCABULARY = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot",
            "golf", "hotel", "india", "juliett", "kilo", "lima", "mike");
    private static final int WORDS_PER_LINE = 5;

    /** Lines {@code from} to {@code to - 1} of the input: a fixed spread of the vocabulary. */
    private static List<String> lines(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int line = from; line < to; line++) {
            StringBuilder text = new StringBuilder();
            for (int word = 0; word < WORDS_PER_LINE; word++) {
                text.append(word == 0 ? "" : " ").append(VOCABULARY.get((line * 7 + word * word * 3 + word) % VOCABULARY.size()));
            }
            lines.add(text.toString());
        }
        return lines;
    }

    /** How often each word occurs in {@code lines}, counted here independently of Streams. */
    private static Map<String, Long> counts(List<String> lines) {
        Map<String, Long> counts = new TreeMap<>();
        lines.forEach(line -> {
            for (String word : line.split(" ")) {
                counts.merge(word, 1L, Long::sum);
            }
        });
        return counts;
    }

    private static void produce(TestBroker broker, String topic, List<String> lines) {
        try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrapServers(), Map.of())) {
            for (int i = 0; i < lines.size(); i++) {
                producer.send(new ProducerRecord<>(topic, "line-" + i, lines.get(i)));
            }
            producer.flush();
        }
    }

    /** Reads the output topic as a read_committed (or read_uncommitted) consumer, keeping every count per word. */
    private static final class Output implements AutoCloseable {
        private final KafkaConsumer<String, Long> consumer;
        private final Map<String, List<Long>> counts = new TreeMap<>();

        Output(TestBroker broker, String topic, int partitions, String isolation) {
            consumer = Clients.consumer(broker.bootstrapServers(), LongDeserializer.class,
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation));
            consumer.assign(Clients.partitions(topic, partitions));
            consumer.seekToBeginning(consumer.assignment());
        }

        int poll() {
            consumer.poll(Duration.ofMillis(200))
                    .forEach(record -> counts.computeIfAbsent(record.key(), word -> new ArrayList<>()).add(record.value()));
            return counts.values().stream().mapToInt(List::size).sum();
        }

        Map<String, Long> latest() {
            Map<String, Long> latest = new TreeMap<>();
            counts.forEach((word, values) -> latest.put(word, values.getLast()));
            return latest;
        }

        /** Polls until every word's latest count is the expected one. */
        void awaitCounts(Map<String, Long> expected) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ZERO).until(() -> {
                poll();
                return latest().equals(expected);
            });
        }

        /** Exactly once: each word's counts, in order, are 1 to its total, every one once. */
        void assertEveryCountOnce(Map<String, Long> expected) {
            expected.forEach((word, total) -> assertThat(counts.get(word)).as("counts of %s", word)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList()));
            assertThat(counts.keySet()).isEqualTo(expected.keySet());
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    @Test
    void countsAreExactAcrossAStopAndRestartOfTheApplication(TestBroker broker, @TempDir Path stateDir) throws Exception {
        // Given 200 lines of input
        Clients.createTopic(broker.bootstrapServers(), "wc-in", 2);
        Clients.createTopic(broker.bootstrapServers(), "wc-out", 2);
        List<String> first = lines(0, 200);
        produce(broker, "wc-in", first);
        try (Output output = new Output(broker, "wc-out", 2, "read_committed")) {
            // When the application counts them, stops, more lines come and it starts again
            try (KafkaStreams streams = new KafkaStreams(WordCount.topology("wc-in", "wc-out"),
                    WordCount.config(broker.bootstrapServers(), "wc-stop", stateDir, 100))) {
                streams.start();
                output.awaitCounts(counts(first));
            }
            List<String> all = lines(0, 400);
            produce(broker, "wc-in", all.subList(200, 400));
            try (KafkaStreams streams = new KafkaStreams(WordCount.topology("wc-in", "wc-out"),
                    WordCount.config(broker.bootstrapServers(), "wc-stop", stateDir, 100))) {
                streams.start();
                // Then the counts are those of all the lines, each count written once
                output.awaitCounts(counts(all));
            }
            output.assertEveryCountOnce(counts(all));
        }
    }

    @Test
    void countsAreExactWhenTheApplicationIsKilledInATransactionAndRestarted(TestBroker broker, @TempDir Path stateDir)
            throws Exception {
        // Given 2,000 lines of input and the application in a JVM of its own, committing every 5 s
        Clients.createTopic(broker.bootstrapServers(), "kill-in", 2);
        Clients.createTopic(broker.bootstrapServers(), "kill-out", 2);
        List<String> first = lines(0, 2_000);
        produce(broker, "kill-in", first);
        try (Output committed = new Output(broker, "kill-out", 2, "read_committed");
                Output uncommitted = new Output(broker, "kill-out", 2, "read_uncommitted")) {
            try (Instance killed = new Instance(broker, stateDir, "kill-in", "kill-out", 5_000)) {
                // When it has written counts in a transaction it has not committed, it is killed (SIGKILL)
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> uncommitted.poll() > 0);
                killed.kill();
            }
            int seenBeforeKill = uncommitted.poll();
            assertThat(committed.poll()).as("committed counts at the kill").isLessThan(seenBeforeKill);
            // And another instance takes over, and more lines come
            List<String> all = lines(0, 2_500);
            try (Instance restarted = new Instance(broker, stateDir, "kill-in", "kill-out", 100)) {
                produce(broker, "kill-in", all.subList(2_000, 2_500));
                // Then the committed counts are those of all the lines, each count written once
                committed.awaitCounts(counts(all));
                restarted.assertAlive();
            }
            committed.assertEveryCountOnce(counts(all));
        }
    }

    /** {@link WordCountProcess}: the application in a JVM that can really be killed. */
    private static final class Instance implements AutoCloseable {
        private final Process process;
        private final Map<String, Boolean> reports = new ConcurrentHashMap<>();

        Instance(TestBroker broker, Path stateDir, String input, String output, int commitIntervalMs) throws IOException {
            process = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), WordCountProcess.class.getName(),
                    broker.bootstrapServers(), "wc-kill", stateDir.toString(), input, output,
                    Integer.toString(commitIntervalMs)))
                    .redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("@@ ")) {
                            reports.put(line.substring(3), true);
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "word-count-process");
            reader.setDaemon(true);
            reader.start();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        void assertAlive() {
            assertThat(reports).doesNotContainKey("FAILED");
            assertThat(process.isAlive()).isTrue();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                try (Writer stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                    stdin.write("close\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (!process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }
}
