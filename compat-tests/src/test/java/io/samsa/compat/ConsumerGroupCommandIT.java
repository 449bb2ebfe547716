package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kafka's consumer-groups CLI ({@code kafka-consumer-groups.sh}, kafka-tools' ConsumerGroupCommand,
 * run in-process) against the broker: {@code --list}, {@code --describe} with current offsets, log
 * end offsets and lag as the test wrote them, and {@code --reset-offsets --to-earliest --execute}
 * moving the committed offsets to the log start, from where a consumer reads again.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.initial.rebalance.delay.ms", value = "0")
class ConsumerGroupCommandIT {
    private static final String TOPIC = "cli";
    private static final String GROUP = "cli-group";

    @BeforeEach
    void exitThrows() {
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("the tool exited with " + code + ": " + message);
        });
    }

    @AfterEach
    void exitRestored() {
        Exit.resetExitProcedure();
    }

    /** Runs the tool; returns what it printed (stdout and stderr). */
    private static synchronized String run(TestBroker broker, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers()));
        all.addAll(Arrays.asList(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            ConsumerGroupCommand.main(all.toArray(String[]::new));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        originalOut.println("kafka-consumer-groups " + String.join(" ", args) + ":\n" + printed);
        return printed;
    }

    /** The rows of a table the tool printed whose first column is the group: partition to columns. */
    private static Map<Integer, List<String>> rows(String printed) {
        Map<Integer, List<String>> rows = new HashMap<>();
        for (String line : printed.split("\n")) {
            List<String> columns = Arrays.asList(line.trim().split("\\s+"));
            if (columns.size() >= 3 && columns.get(0).equals(GROUP) && columns.get(1).equals(TOPIC)) {
                rows.put(Integer.parseInt(columns.get(2)), columns);
            }
        }
        return rows;
    }

    @Test
    void listDescribeAndResetToEarliest(TestBroker broker) throws Exception {
        // Given 10 records in each of two partitions, the first 2 of partition 1 deleted,
        // and a group that committed 4 in partition 0 and 7 in partition 1
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            List<String> produced = GroupMembers.produce(broker, TOPIC, 2, "v", 20);
            assertThat(produced).hasSize(20);
            admin.deleteRecords(Map.of(p1, RecordsToDelete.beforeOffset(2))).all().get();
            admin.alterConsumerGroupOffsets(GROUP, Map.of(p0, new OffsetAndMetadata(4), p1, new OffsetAndMetadata(7)))
                    .all().get();
        }
        // When the tool lists the groups
        String listed = run(broker, "--list");
        // Then it prints the group
        assertThat(listed.lines().map(String::trim)).contains(GROUP);

        // When it describes the group
        String described = run(broker, "--describe", "--group", GROUP);
        // Then each partition shows the committed offset, the log end offset and the lag, and no members
        assertThat(described).contains("Consumer group '" + GROUP + "' has no active members.");
        Map<Integer, List<String>> rows = rows(described);
        assertThat(rows).containsOnlyKeys(0, 1);
        assertThat(rows.get(0).subList(3, 6)).containsExactly("4", "10", "6");
        assertThat(rows.get(1).subList(3, 6)).containsExactly("7", "10", "3");
        assertThat(rows.get(0).get(6)).isEqualTo("-");

        // When it resets the group's offsets to the earliest
        String reset = run(broker, "--reset-offsets", "--to-earliest", "--execute", "--group", GROUP, "--topic", TOPIC);
        // Then it reports the log start offsets as new offsets, and they are committed
        Map<Integer, List<String>> resetRows = rows(reset);
        assertThat(resetRows).containsOnlyKeys(0, 1);
        assertThat(resetRows.get(0).get(3)).isEqualTo("0");
        assertThat(resetRows.get(1).get(3)).isEqualTo("2");
        Map<Integer, List<String>> after = rows(run(broker, "--describe", "--group", GROUP));
        assertThat(after.get(0).subList(3, 6)).containsExactly("0", "10", "10");
        assertThat(after.get(1).subList(3, 6)).containsExactly("2", "10", "8");

        // And a consumer of the group reads again from there: all of partition 0, partition 1 from offset 2
        Map<String, Object> config = GroupMembers.consumerConfig(broker, GROUP, RangeAssignor.class.getName());
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return read.size() >= 18;
            });
            assertThat(read).hasSize(18);
            assertThat(read.stream().filter(record -> record.partition() == 0).map(ConsumerRecord::offset))
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 10).boxed().toList());
            assertThat(read.stream().filter(record -> record.partition() == 1).map(ConsumerRecord::offset))
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(2, 10).boxed().toList());
            consumer.commitSync();
            // And with the member active, the tool shows it as the partitions' consumer
            String active = run(broker, "--describe", "--group", GROUP);
            Map<Integer, List<String>> activeRows = rows(active);
            assertThat(activeRows.get(0).subList(3, 6)).containsExactly("10", "10", "0");
            assertThat(activeRows.get(0).get(6)).startsWith("consumer-" + GROUP);
        }
    }
}
