package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, {@code ./samsa start}, from the repository root: it finds the built
 * distribution, runs the broker in the foreground, and librdkafka's kcat produces and consumes.
 */
@Tag("integration")
@Timeout(300)
class SamsaStartIT {
    @TempDir
    Path dataDir;

    @Test
    void samsaStartServesKcat() throws Exception {
        Path root = Path.of(System.getProperty("samsa.root"));
        int port = DistributionProcess.freePort();
        Path output = Files.createTempFile("samsa-start", ".log");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("samsa").toString(), "start",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port, "--override", "log.dirs=" + dataDir)
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // The build under test made the distribution already; never start a second build from inside it.
        builder.environment().put("SAMSA_NO_BUILD", "1");
        Process broker = builder.start();
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(broker.isAlive()).as("./samsa start exited:%n%s", Files.readString(output)).isTrue();
                return listening(port);
            });
            String bootstrap = "127.0.0.1:" + port;
            run("first\nsecond\n", "kcat", "-P", "-b", bootstrap, "-t", "started");
            assertThat(run("", "kcat", "-C", "-b", bootstrap, "-t", "started", "-o", "beginning", "-e", "-q"))
                    .isEqualTo("first\nsecond\n");
            // Ctrl-C / SIGTERM stops it cleanly
            broker.destroy();
            assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(output)).contains("Samsa broker 1 stopped");
        } finally {
            broker.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(String input, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s:%n%s", command[0], output).isZero();
        return output;
    }
}
