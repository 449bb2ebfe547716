package io.samsa.core.server;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.cluster.LocalBroker;
import io.samsa.core.config.BrokerConfig;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.coordinator.transaction.TransactionCoordinator;
import io.samsa.core.dispatch.OpenSlices;
import io.samsa.core.log.LogDirectories;
import io.samsa.core.log.LogRetention;
import io.samsa.core.network.NetworkServer;
import io.samsa.core.network.codec.SendStats;
import io.samsa.core.partition.TopicManager;
import io.samsa.core.plugin.BrokerPlugins;
import io.samsa.core.plugin.SelectedStorageEngine;
import io.samsa.core.purgatory.DelayTimer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the broker's services in dependency order and stops them in reverse: plugins, data
 * directories (so the cluster id is known), the storage engine, the topics (replayed from the
 * metadata log, logs recovered), the group coordinator (replayed from __consumer_offsets), the
 * transaction coordinator (replayed from __transaction_state; it completes prepared transactions,
 * whose markers may go to __consumer_offsets, so it starts after the groups), retention, and the
 * network last; on stop the network stops accepting and drains before anything below it closes.
 */
public final class BrokerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);

    private final BrokerConfig config;
    private final BrokerPlugins plugins;
    private final LogDirectories logDirectories;
    private final SelectedStorageEngine storage;
    private final TopicManager topics;
    private final GroupCoordinator groups;
    private final TransactionCoordinator transactions;
    private final LogRetention retention;
    private final DelayTimer timer;
    private final NetworkServer network;
    private final LocalBroker localBroker;
    private final OpenSlices openSlices;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private State state = State.NEW;

    private enum State { NEW, RUNNING, STOPPED }

    @Inject
    public BrokerServer(BrokerConfig config, BrokerPlugins plugins, LogDirectories logDirectories,
            SelectedStorageEngine storage, TopicManager topics, GroupCoordinator groups,
            TransactionCoordinator transactions, LogRetention retention, DelayTimer timer, NetworkServer network,
            LocalBroker localBroker, OpenSlices openSlices) {
        this.config = requireNonNull(config, "config is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.logDirectories = requireNonNull(logDirectories, "logDirectories is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.topics = requireNonNull(topics, "topics is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.retention = requireNonNull(retention, "retention is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.network = requireNonNull(network, "network is null");
        this.localBroker = requireNonNull(localBroker, "localBroker is null");
        this.openSlices = requireNonNull(openSlices, "openSlices is null");
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
        try {
            plugins.start();
            logDirectories.start();
            storage.start();
            topics.addDeletionListener(topic -> groups.onTopicDeleted(topic.name()));
            try {
                topics.start().toCompletableFuture().join();
            } catch (CompletionException e) {
                throw new BrokerStartException("Cannot load topics from " + config.server().logDirs() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
            try {
                groups.start().toCompletableFuture().join();
            } catch (CompletionException e) {
                throw new BrokerStartException("Cannot load consumer groups from __consumer_offsets: "
                        + e.getCause().getMessage(), e.getCause());
            }
            try {
                transactions.start().toCompletableFuture().join();
            } catch (CompletionException e) {
                throw new BrokerStartException("Cannot load transactions from __transaction_state: "
                        + e.getCause().getMessage(), e.getCause());
            }
            retention.start();
            network.start();
        } catch (RuntimeException e) {
            stopServices();
            throw e;
        }
        state = State.RUNNING;
        log.info("Samsa broker {} started in {} ms (cluster id {}, data in {}, storage engine {})", localBroker.nodeId(),
                (System.nanoTime() - begin) / 1_000_000, logDirectories.clusterId(), config.server().logDirs(),
                config.plugins().storageEngine());
    }

    /** Graceful: stop accepting, let in-flight requests finish, close connections, then storage and directories. */
    @Override
    public synchronized void close() {
        if (state == State.STOPPED) {
            return;
        }
        log.info("Stopping Samsa broker {}", localBroker.nodeId());
        stopServices();
        log.info("Samsa broker {} stopped", localBroker.nodeId());
    }

    private void stopServices() {
        try {
            network.stop();
        } finally {
            transactions.close();
            groups.close();
            retention.close();
            timer.close();
            storage.close();
            logDirectories.close();
            plugins.close();
            state = State.STOPPED;
            stopped.countDown();
        }
    }

    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public List<InetSocketAddress> boundAddresses() {
        return network.boundAddresses();
    }

    /** How response records went out so far: whether fetches were served without copying. */
    public SendStats.Snapshot sendStats() {
        return network.sendStats();
    }

    /** Log slices held by responses not yet sent (or dropped); 0 when the broker is idle. */
    public long openSlices() {
        return openSlices.count();
    }

    /** Log slices put into responses since the start. */
    public long slicesRead() {
        return openSlices.total();
    }

    public String clusterId() {
        return logDirectories.clusterId();
    }

    /** The topics and their partition logs, for tests that act on a log directly (e.g. writing transaction markers). */
    public TopicManager topics() {
        return topics;
    }

    public int nodeId() {
        return localBroker.nodeId();
    }
}
