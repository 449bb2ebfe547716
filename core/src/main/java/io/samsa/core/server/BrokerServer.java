package io.samsa.core.server;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.cluster.LocalBroker;
import io.samsa.core.config.BrokerConfig;
import io.samsa.core.log.LogDirectories;
import io.samsa.core.network.NetworkServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the broker's services in dependency order and stops them in reverse: data directories
 * first (so the cluster id is known before any client can ask), the network last; on stop the
 * network stops accepting and drains before the directories are released.
 */
public final class BrokerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);

    private final BrokerConfig config;
    private final LogDirectories logDirectories;
    private final NetworkServer network;
    private final LocalBroker localBroker;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private State state = State.NEW;

    private enum State { NEW, RUNNING, STOPPED }

    @Inject
    public BrokerServer(BrokerConfig config, LogDirectories logDirectories, NetworkServer network, LocalBroker localBroker) {
        this.config = requireNonNull(config, "config is null");
        this.logDirectories = requireNonNull(logDirectories, "logDirectories is null");
        this.network = requireNonNull(network, "network is null");
        this.localBroker = requireNonNull(localBroker, "localBroker is null");
    }

    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("broker already " + state.name().toLowerCase());
        }
        long begin = System.nanoTime();
        if (!config.acceptedWithoutEffect().isEmpty()) {
            log.warn("These settings are accepted for compatibility with Kafka but have no effect in Samsa yet: {}",
                    String.join(", ", config.acceptedWithoutEffect()));
        }
        logDirectories.start();
        try {
            network.start();
        } catch (RuntimeException e) {
            logDirectories.close();
            state = State.STOPPED;
            stopped.countDown();
            throw e;
        }
        state = State.RUNNING;
        log.info("Samsa broker {} started in {} ms (cluster id {}, data in {})", localBroker.nodeId(),
                (System.nanoTime() - begin) / 1_000_000, logDirectories.clusterId(), config.server().logDirs());
    }

    /** Graceful: stop accepting, let in-flight requests finish, close connections, release the data directories. */
    @Override
    public synchronized void close() {
        if (state == State.STOPPED) {
            return;
        }
        log.info("Stopping Samsa broker {}", localBroker.nodeId());
        try {
            network.stop();
        } finally {
            logDirectories.close();
            state = State.STOPPED;
            stopped.countDown();
            log.info("Samsa broker {} stopped", localBroker.nodeId());
        }
    }

    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public List<InetSocketAddress> boundAddresses() {
        return network.boundAddresses();
    }

    public String clusterId() {
        return logDirectories.clusterId();
    }

    public int nodeId() {
        return localBroker.nodeId();
    }
}
