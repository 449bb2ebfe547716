package io.samsa.core.network;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;

/** The open client connections, so that a shutdown can drain and close each of them. */
final class ConnectionTracker {
    private final ChannelGroup channels = new DefaultChannelGroup("samsa-connections", GlobalEventExecutor.INSTANCE);

    void add(Channel channel) {
        channels.add(channel);
    }

    int size() {
        return channels.size();
    }

    /** Lets every connection finish its request in flight, then waits (bounded) for all to close. */
    boolean drain(Duration timeout) {
        for (Channel channel : channels) {
            channel.pipeline().fireUserEventTriggered(RequestChannelHandler.DRAIN);
        }
        return channels.newCloseFuture().awaitUninterruptibly(timeout.toMillis());
    }

    void closeAll() {
        channels.close().awaitUninterruptibly();
    }
}
