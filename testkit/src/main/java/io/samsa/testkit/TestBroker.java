package io.samsa.testkit;

import static java.util.Objects.requireNonNull;

import io.samsa.core.log.Log;
import io.samsa.core.network.codec.SendStats;
import io.samsa.core.partition.TopicManager;
import io.samsa.core.server.BrokerServer;
import io.samsa.core.server.Brokers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An in-process Samsa broker on 127.0.0.1 with an ephemeral port and a private temporary data
 * directory, removed when the broker is closed.
 */
public final class TestBroker implements AutoCloseable {
    /** System property naming the plugin directory test brokers load storage engines from. */
    public static final String PLUGIN_PATH_PROPERTY = "samsa.plugin.path";

    private final Path dataDir;
    private final Map<String, String> properties;
    private final Clock clock;
    private BrokerServer server;

    private TestBroker(Path dataDir, Map<String, String> properties, Clock clock, BrokerServer server) {
        this.dataDir = dataDir;
        this.properties = properties;
        this.clock = clock;
        this.server = server;
    }

    private static BrokerServer create(Map<String, String> properties, Clock clock) {
        return clock == null ? Brokers.create(Brokers.config(properties)) : Brokers.create(Brokers.config(properties), clock);
    }

    /** Starts a broker; {@code overrides} win over the test defaults (loopback, port 0, temp dir). */
    public static TestBroker start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /**
     * Starts a broker on {@code clock} (null: the system clock), e.g. one a test moves forward
     * to make time-based expiry happen; it keeps the clock across {@link #restart()}.
     */
    public static TestBroker start(Map<String, String> overrides, Clock clock) {
        requireNonNull(overrides, "overrides is null");
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("samsa-test-broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("listeners", "PLAINTEXT://127.0.0.1:0");
        properties.put("log.dirs", dataDir.toString());
        properties.put("num.network.threads", "2");
        // Where the build put the storage plugin zips (compat-tests: the unpacked distribution's plugins/).
        String pluginPath = System.getProperty(PLUGIN_PATH_PROPERTY);
        if (pluginPath != null) {
            properties.put("plugin.path", pluginPath);
        }
        properties.putAll(overrides);
        BrokerServer server = create(properties, clock);
        try {
            server.start();
        } catch (RuntimeException e) {
            delete(dataDir);
            throw e;
        }
        return new TestBroker(dataDir, Map.copyOf(properties), clock, server);
    }

    /**
     * Stops the broker gracefully and starts it again on the same data directory (on a new port
     * if the port was ephemeral: create clients after the restart).
     */
    public synchronized void restart() {
        server.close();
        server = create(properties, clock);
        server.start();
    }

    public synchronized InetSocketAddress address() {
        return server.boundAddresses().getFirst();
    }

    /** {@code host:port} for a client's bootstrap.servers. */
    public String bootstrapServers() {
        InetSocketAddress address = address();
        return address.getHostString() + ":" + address.getPort();
    }

    public synchronized String clusterId() {
        return server.clusterId();
    }

    public synchronized int nodeId() {
        return server.nodeId();
    }

    /** How the broker has sent response records so far (file regions, wrapped buffers, copies). */
    public synchronized SendStats.Snapshot sendStats() {
        return server.sendStats();
    }

    /** Log slices held by responses not sent or dropped yet: 0 once the broker is idle, unless one leaked. */
    public synchronized long openSlices() {
        return server.openSlices();
    }

    /** Log slices put into responses since the broker started. */
    public synchronized long slicesRead() {
        return server.slicesRead();
    }

    /**
     * The log of a partition, for tests that drive the log layer directly (e.g. write transaction
     * markers without a coordinator). Valid until the next {@link #restart()}.
     */
    public synchronized Log log(String topic, int partition) {
        TopicManager topics = server.topics();
        return topics.registry().byName(topic).flatMap(found -> topics.log(found, partition))
                .orElseThrow(() -> new IllegalArgumentException("no partition " + topic + "-" + partition));
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        try {
            server.close();
        } finally {
            delete(dataDir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; the broker is already stopped.
        }
    }
}
