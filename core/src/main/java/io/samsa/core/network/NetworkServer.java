package io.samsa.core.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.samsa.core.cluster.LocalBroker;
import io.samsa.core.config.Endpoint;
import io.samsa.core.config.NetworkConfig;
import io.samsa.core.dispatch.RequestDispatcher;
import io.samsa.core.network.codec.SendStats;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the client listeners and, on stop, stops accepting, drains connections and closes. */
public final class NetworkServer {
    private static final Logger log = LoggerFactory.getLogger(NetworkServer.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final NetworkConfig config;
    private final RequestDispatcher dispatcher;
    private final LocalBroker localBroker;
    private final EventLoops eventLoops = new EventLoops();
    private final ConnectionTracker connections = new ConnectionTracker();
    private final SendStats sendStats = new SendStats();
    private final List<Channel> serverChannels = new ArrayList<>();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;

    @Inject
    public NetworkServer(NetworkConfig config, RequestDispatcher dispatcher, LocalBroker localBroker) {
        this.config = requireNonNull(config, "config is null");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.localBroker = requireNonNull(localBroker, "localBroker is null");
    }

    public synchronized void start() {
        acceptors = eventLoops.newGroup(1, "samsa-acceptor");
        workers = eventLoops.newGroup(config.networkThreads(), "samsa-network");
        try {
            for (Endpoint listener : config.listeners()) {
                bind(listener);
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void bind(Endpoint listener) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(eventLoops.serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new BrokerChannelInitializer(config, dispatcher, listener.listenerName(), connections, sendStats));
        if (config.socketSendBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.socketSendBufferBytes());
        }
        if (config.socketReceiveBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, config.socketReceiveBufferBytes());
        }
        InetSocketAddress address = listener.host().isEmpty()
                ? new InetSocketAddress(listener.port())
                : new InetSocketAddress(listener.host(), listener.port());
        Channel channel;
        try {
            channel = bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new NetworkStartException("Cannot listen on " + listener + ": " + e.getMessage(), e);
        }
        serverChannels.add(channel);
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        localBroker.listenerBound(listener, bound);
        log.info("Listening on {} ({}:{}, {} transport)", listener.listenerName(), bound.getHostString(), bound.getPort(),
                eventLoops.transportName());
    }

    /** The actual bound address of each listener, in configuration order. */
    public synchronized List<InetSocketAddress> boundAddresses() {
        return serverChannels.stream().map(channel -> (InetSocketAddress) channel.localAddress()).toList();
    }

    /** How response records went out on every listener so far (file regions, wrapped buffers, copies). */
    public SendStats.Snapshot sendStats() {
        return sendStats.snapshot();
    }

    public synchronized void stop() {
        for (Channel channel : serverChannels) {
            channel.close().awaitUninterruptibly();
        }
        serverChannels.clear();
        if (connections.size() > 0 && !connections.drain(DRAIN_TIMEOUT)) {
            log.warn("Connections still busy after {}s; closing them", DRAIN_TIMEOUT.toSeconds());
            connections.closeAll();
        }
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            acceptors = null;
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            workers = null;
        }
    }
}
