package io.samsa.compat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@link WordCount} in a JVM of its own, so that a test can kill it (SIGKILL: no commit, no
 * LeaveGroup, an open transaction left behind). Arguments: bootstrap servers, application id,
 * state directory, input topic, output topic, commit interval in ms. Prints {@code @@ RUNNING}
 * once Streams runs and {@code @@ FAILED} if it dies; closes cleanly on {@code close} or end of stdin.
 */
public final class WordCountProcess {
    private WordCountProcess() {}

    public static void main(String[] args) throws Exception {
        KafkaStreams streams = new KafkaStreams(WordCount.topology(args[3], args[4]),
                WordCount.config(args[0], args[1], Path.of(args[2]), Integer.parseInt(args[5])));
        CountDownLatch done = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                report("RUNNING");
            } else if (now == KafkaStreams.State.ERROR) {
                report("FAILED");
                done.countDown();
            }
        });
        Thread commands = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !line.equals("close")) {
                    // wait for close
                }
            } catch (Exception e) {
                // the parent is gone: close
            }
            done.countDown();
        }, "commands");
        commands.setDaemon(true);
        commands.start();
        streams.start();
        done.await();
        streams.close(Duration.ofSeconds(30));
        report("CLOSED");
        System.exit(0);
    }

    private static synchronized void report(String line) {
        System.out.println("@@ " + line);
        System.out.flush();
    }
}
