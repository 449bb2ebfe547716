package io.samsa.core.network;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.samsa.core.config.NetworkConfig;
import io.samsa.core.dispatch.RequestDispatcher;
import io.samsa.core.network.codec.FrameDecoder;
import io.samsa.core.network.codec.RequestHeaderDecoder;
import io.samsa.core.network.codec.ResponseEncoder;
import io.samsa.core.network.codec.SendStats;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline of every client connection on one listener, in order. */
final class BrokerChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String IDLE_TIMER = "idleTimer";
    static final String IDLE_CLOSER = "idleCloser";
    static final String FRAME_DECODER = "frameDecoder";
    static final String HEADER_DECODER = "headerDecoder";
    static final String RESPONSE_ENCODER = "responseEncoder";
    static final String REQUESTS = "requests";

    private static final Logger log = LoggerFactory.getLogger(BrokerChannelInitializer.class);

    private final NetworkConfig config;
    private final RequestDispatcher dispatcher;
    private final String listenerName;
    private final ConnectionTracker connections;
    private final SendStats sendStats;

    BrokerChannelInitializer(NetworkConfig config, RequestDispatcher dispatcher, String listenerName,
            ConnectionTracker connections, SendStats sendStats) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.listenerName = listenerName;
        this.connections = connections;
        this.sendStats = sendStats;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(IDLE_TIMER, new IdleStateHandler(0, 0, config.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS));
        pipeline.addLast(IDLE_CLOSER, new IdleCloser());
        pipeline.addLast(FRAME_DECODER, new FrameDecoder(config.socketRequestMaxBytes()));
        pipeline.addLast(HEADER_DECODER, new RequestHeaderDecoder());
        pipeline.addLast(RESPONSE_ENCODER, new ResponseEncoder(sendStats));
        pipeline.addLast(REQUESTS, new RequestChannelHandler(dispatcher, listenerName));
    }

    /** Closes a connection that has neither read nor written for connections.max.idle.ms. */
    private static final class IdleCloser extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                log.debug("Closing idle connection from {}", ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
        }
    }
}
