package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.compat.GroupMembers.Ledger;
import io.samsa.compat.GroupMembers.Member;
import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.TestBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * librdkafka (the Debian kcat, {@code kcat -G}) and a kafka-clients consumer in one group: they
 * split the partitions (both use the range assignor), each record reaches exactly one of them, and
 * when kcat leaves, the Java member takes every partition.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "group.initial.rebalance.delay.ms", value = "0")
class KcatGroupIT {
    private static final String TOPIC = "mixed";
    private static final String GROUP = "mixed-group";
    private static final Pattern ASSIGNED = Pattern.compile("rebalanced \\(memberid [^)]*\\): assigned: (.*)$");
    private static final Pattern PARTITION = Pattern.compile("\\[(\\d+)\\]");

    @Test
    void kcatAndAJavaConsumerShareAGroupsPartitions(TestBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get();
        }
        Ledger ledger = new Ledger();
        try (Member java = new Member("java", GroupMembers.consumerConfig(broker, GROUP, RangeAssignor.class.getName()),
                TOPIC, ledger)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> java.assignment().size() == 4);
            // Given kcat joining the group
            Process kcat = new ProcessBuilder("kcat", "-b", broker.bootstrapServers(), "-G", GROUP, "-u",
                    "-X", "auto.offset.reset=earliest", "-X", "heartbeat.interval.ms=500", "-X", "session.timeout.ms=6000",
                    "-f", "%p %s\\n", TOPIC).start();
            List<String> printed = new CopyOnWriteArrayList<>();
            List<String> log = new CopyOnWriteArrayList<>();
            follow(kcat.getInputStream(), printed);
            follow(kcat.getErrorStream(), log);
            try {
                // When both hold partitions
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(kcat.isAlive()).as("kcat: %s", log).isTrue();
                    Set<Integer> kcatPartitions = lastAssignment(log);
                    Set<Integer> javaPartitions = new HashSet<>();
                    java.assignment().forEach(partition -> javaPartitions.add(partition.partition()));
                    assertThat(kcatPartitions).hasSize(2);
                    assertThat(javaPartitions).hasSize(2).doesNotContainAnyElementsOf(kcatPartitions);
                });
                Set<Integer> kcatPartitions = lastAssignment(log);
                // Then each record produced goes to the one member that owns its partition
                List<String> produced = GroupMembers.produce(broker, TOPIC, 4, "rec", 40);
                await().atMost(Duration.ofSeconds(20)).until(() -> ledger.counts().size() + printed.size() >= 40);
                List<String> byKcat = new ArrayList<>();
                for (String line : printed) {
                    String[] parts = line.split(" ", 2);
                    assertThat(kcatPartitions).contains(Integer.parseInt(parts[0]));
                    byKcat.add(parts[1]);
                }
                assertThat(byKcat).hasSize(20).doesNotContainAnyElementsOf(ledger.counts().keySet());
                assertThat(ledger.counts()).hasSize(20);
                List<String> all = new ArrayList<>(byKcat);
                all.addAll(ledger.counts().keySet());
                assertThat(all).containsExactlyInAnyOrderElementsOf(produced);
                assertThat(ledger.violations()).isEmpty();
            } finally {
                // kcat leaves the group on SIGTERM
                kcat.destroy();
                assertThat(kcat.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
            // And the Java member takes every partition back
            await().atMost(Duration.ofSeconds(20)).until(() -> java.assignment().size() == 4);
            assertThat(java.assignment()).contains(new TopicPartition(TOPIC, 0));
        }
    }

    /** The partitions kcat reported in its last "assigned" line. */
    private static Set<Integer> lastAssignment(List<String> log) {
        Set<Integer> partitions = new HashSet<>();
        for (String line : log) {
            Matcher assigned = ASSIGNED.matcher(line);
            if (assigned.find()) {
                partitions.clear();
                Matcher partition = PARTITION.matcher(assigned.group(1));
                while (partition.find()) {
                    partitions.add(Integer.parseInt(partition.group(1)));
                }
            }
        }
        return partitions;
    }

    private static void follow(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "kcat-output");
        reader.setDaemon(true);
        reader.start();
    }
}
