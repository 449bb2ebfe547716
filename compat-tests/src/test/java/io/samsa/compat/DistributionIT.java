package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The built tarball, unpacked and run through bin/ as an operator would, with librdkafka's kcat as the client. */
@Tag("integration")
@Timeout(180)
class DistributionIT {
    @TempDir
    Path dataDir;

    @Test
    void kcatListsTheBrokerStartedFromTheDistribution() throws Exception {
        int port = DistributionProcess.freePort();
        try (DistributionProcess broker = DistributionProcess.start(dataDir, port)) {
            broker.awaitListening();
            // When librdkafka asks for metadata
            String listing = run("kcat", "-L", "-b", "127.0.0.1:" + port, "-m", "10");
            // Then it sees this one broker
            assertThat(listing).contains("1 brokers:").contains("broker 1 at 127.0.0.1:" + port);
            assertThat(listing).contains("0 topics:");
            // And SIGTERM stops the broker cleanly
            assertThat(broker.terminate()).isIn(0, 143);
            assertThat(broker.output()).contains("Samsa broker 1 stopped");
        }
    }

    @Test
    void kcatProducesAndConsumesAndTheDataSurvivesARestart() throws Exception {
        int port = DistributionProcess.freePort();
        String bootstrap = "127.0.0.1:" + port;
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            input.append("key-").append(i % 7).append(':').append("line ").append(i).append('\n');
        }
        try (DistributionProcess broker = DistributionProcess.start(dataDir, port)) {
            broker.awaitListening();
            // When librdkafka produces keyed lines (the topic is created automatically)
            runWithInput(input.toString(), "kcat", "-P", "-b", bootstrap, "-t", "lines", "-K", ":", "-z", "lz4");
            // Then librdkafka reads them back in order, keys included
            assertThat(consumeLines(bootstrap)).isEqualTo(input.toString());
            broker.terminate();
        }
        // And after a restart on the same data directory everything is still there
        try (DistributionProcess again = DistributionProcess.start(dataDir, port)) {
            again.awaitListening();
            assertThat(consumeLines(bootstrap)).isEqualTo(input.toString());
            again.terminate();
        }
    }

    private static String consumeLines(String bootstrap) throws Exception {
        return run("kcat", "-C", "-b", bootstrap, "-t", "lines", "-o", "beginning", "-e", "-q", "-f", "%k:%s\\n");
    }

    @Test
    void theClusterIdSurvivesARestartAndASecondBrokerOnTheSameDataRefuses() throws Exception {
        int port = DistributionProcess.freePort();
        try (DistributionProcess first = DistributionProcess.start(dataDir, port)) {
            first.awaitListening();
            String clusterId = clusterIdIn(dataDir);
            // When a second broker is pointed at the same data directory
            try (DistributionProcess second = DistributionProcess.start(dataDir, DistributionProcess.freePort())) {
                // Then it refuses to start, naming the directory
                assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(second.process().exitValue()).isEqualTo(1);
                assertThat(second.output()).contains("is in use by another broker");
            }
            first.terminate();
            // And a restart keeps the cluster id
            try (DistributionProcess again = DistributionProcess.start(dataDir, port)) {
                again.awaitListening();
                assertThat(clusterIdIn(dataDir)).isEqualTo(clusterId);
                assertThat(run("kcat", "-L", "-b", "127.0.0.1:" + port, "-m", "10")).contains("broker 1 at");
                again.terminate();
            }
        }
    }

    @Test
    void anUnknownConfigurationKeyStopsStartUpNamingIt() throws Exception {
        try (DistributionProcess broker = DistributionProcess.start(dataDir, DistributionProcess.freePort(),
                "log.retention.hour=5")) {
            assertThat(broker.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(broker.process().exitValue()).isEqualTo(1);
            assertThat(broker.output()).contains(
                    "samsa: Unknown configuration 'log.retention.hour' (from --override). Did you mean 'log.retention.hours'?");
        }
    }

    @Test
    void kafkaClientsIsNotOnTheBrokersClasspath() throws IOException {
        try (Stream<Path> jars = Files.list(DistributionProcess.home().resolve("lib"))) {
            List<String> names = jars.map(path -> path.getFileName().toString()).toList();
            assertThat(names).anyMatch(name -> name.startsWith("samsa-core-"));
            assertThat(names).noneMatch(name -> name.startsWith("kafka"));
        }
    }

    private static String clusterIdIn(Path dataDir) throws IOException {
        return Files.readAllLines(dataDir.resolve("meta.properties")).stream()
                .filter(line -> line.startsWith("cluster.id="))
                .map(line -> line.substring("cluster.id=".length()))
                .findFirst()
                .orElseThrow();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return runWithInput("", command);
    }

    private static String runWithInput(String input, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is required for this test (Debian package: kcat); .ci/run installs it", e);
        }
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s exit status; output:%n%s", command[0], output).isZero();
        return output;
    }
}
