package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The unpacked distribution's {@code bin/samsa-server.sh} run as a child process on 127.0.0.1. */
final class DistributionProcess implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final int port;

    private DistributionProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    static Path home() {
        String dir = System.getProperty("samsa.distribution.dir");
        assertThat(dir).as("samsa.distribution.dir (set by the build)").isNotNull();
        return Path.of(dir);
    }

    /** Starts the broker with the distribution's config file plus overrides; does not wait. */
    static DistributionProcess start(Path dataDir, int port, String... extraOverrides) throws IOException {
        return start(home(), Map.of(), dataDir, port, extraOverrides);
    }

    /** As {@link #start(Path, int, String...)}, from the installation at {@code home} with extra environment. */
    static DistributionProcess start(Path home, Map<String, String> environment, Path dataDir, int port, String... extraOverrides)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/samsa-server.sh").toString(),
                home.resolve("config/server.properties").toString(),
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dataDir));
        for (String override : extraOverrides) {
            command.add("--override");
            command.add(override);
        }
        Path output = Files.createTempFile("samsa-process", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("SAMSA_HEAP_OPTS", "-Xmx256m");
        builder.environment().putAll(environment);
        return new DistributionProcess(builder.start(), output, port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    void awaitListening() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(process.isAlive()).as("broker exited early:%n%s", output()).isTrue();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Sends SIGTERM and returns the exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("broker did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(output);
    }
}
