package io.samsa.compat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;

/**
 * The JVM of a {@link GroupMembers.ProcessMember}: a group member that can really be killed.
 * Arguments: the topic, then consumer settings as {@code key=value}. It reports on stdout, in
 * lines starting with {@code @@ } (ASSIGNED, RELEASED, RECORD, COMMITTED, CRASHED, FAILED), and
 * takes commands on stdin: {@code crash} (halt the JVM right after processing the next batch,
 * before committing it: no LeaveGroup, no heartbeat, as {@code kill -9}) and {@code close}.
 */
public final class GroupMemberProcess {
    private GroupMemberProcess() {}

    private static synchronized void emit(String line) {
        System.out.println("@@ " + line);
        System.out.flush();
    }

    private static String partitions(Collection<TopicPartition> partitions) {
        return partitions.stream().map(p -> " " + p.partition()).collect(Collectors.joining());
    }

    public static void main(String[] args) {
        String topic = args[0];
        Map<String, Object> config = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        var crashing = new java.util.concurrent.atomic.AtomicBoolean();
        var closing = new java.util.concurrent.atomic.AtomicBoolean();
        Thread commands = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("crash")) {
                        crashing.set(true);
                    } else if (line.equals("close")) {
                        closing.set(true);
                    }
                }
            } catch (Exception e) {
                // parent gone
            }
            closing.set(true);
        }, "commands");
        commands.setDaemon(true);
        commands.start();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty() && !crashing.get()) {
                        consumer.commitSync();
                        emit("COMMITTED");
                    }
                    emit("RELEASED" + partitions(partitions));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    emit("ASSIGNED" + partitions(partitions));
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    emit("RELEASED" + partitions(partitions));
                }
            });
            while (!closing.get()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, String> record : records) {
                    emit("RECORD " + record.partition() + " " + record.value());
                }
                if (crashing.get()) {
                    emit("CRASHED");
                    Runtime.getRuntime().halt(137);
                }
                try {
                    consumer.commitSync();
                    emit("COMMITTED");
                } catch (RebalanceInProgressException e) {
                    // Committed on revocation, in the next poll, before the partitions move.
                }
            }
        } catch (Throwable e) {
            emit("FAILED " + e);
            System.exit(1);
        }
        System.exit(0);
    }
}
