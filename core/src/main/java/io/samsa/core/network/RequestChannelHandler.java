package io.samsa.core.network;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ReferenceCountUtil;
import io.samsa.core.dispatch.DispatchOutcome;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestDispatcher;
import io.samsa.core.network.codec.ByteBufs;
import io.samsa.core.network.codec.OutboundResponse;
import io.samsa.core.network.codec.RequestFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's requests strictly one after another, as Kafka does: while a request is in
 * flight the connection is muted (no reads), and the next request starts only once the previous
 * response has been written to the socket. That keeps responses in request order and makes a
 * slow reader throttle itself. One instance per connection; all state is touched on its event loop.
 */
final class RequestChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestChannelHandler.class);

    /** Fired by the server on shutdown: finish the request in flight, then close. */
    static final Object DRAIN = new Object();

    private final RequestDispatcher dispatcher;
    private final String listenerName;
    private final ArrayDeque<RequestFrame> pending = new ArrayDeque<>();
    private boolean inFlight;
    private boolean draining;

    RequestChannelHandler(RequestDispatcher dispatcher, String listenerName) {
        this.dispatcher = dispatcher;
        this.listenerName = listenerName;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RequestFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (draining) {
            frame.release();
            return;
        }
        pending.add(frame);
        ctx.channel().config().setAutoRead(false);
        startNext(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == DRAIN) {
            draining = true;
            releasePending();
            if (!inFlight) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePending();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof IOException) {
            log.debug("Connection {} from {} failed: {}", ctx.channel().id(), ctx.channel().remoteAddress(), reason.toString());
        } else {
            log.info("Closing connection {} from {}: {}", ctx.channel().id(), ctx.channel().remoteAddress(), reason.getMessage());
        }
        ctx.close();
    }

    private void startNext(ChannelHandlerContext ctx) {
        if (inFlight || !ctx.channel().isActive()) {
            return;
        }
        RequestFrame frame = pending.poll();
        if (frame == null) {
            if (!draining) {
                ctx.channel().config().setAutoRead(true);
            }
            return;
        }
        inFlight = true;
        RequestContext context = context(ctx, frame);
        CompletionStage<DispatchOutcome> outcome;
        try {
            outcome = dispatcher.dispatch(context, ByteBufs.readable(frame.body()));
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((result, failure) -> {
            if (ctx.executor().inEventLoop()) {
                finish(ctx, frame, result, failure);
                return;
            }
            try {
                ctx.executor().execute(() -> finish(ctx, frame, result, failure));
            } catch (RejectedExecutionException e) {
                // The event loop is gone (shutdown): nothing will be written, but what the response holds must be freed.
                frame.release();
                if (result instanceof DispatchOutcome.Respond respond) {
                    respond.release();
                }
            }
        });
    }

    private void finish(ChannelHandlerContext ctx, RequestFrame frame, DispatchOutcome outcome, Throwable failure) {
        frame.release();
        if (failure != null) {
            log.error("Request {} from {} failed without a response", context(ctx, frame), ctx.channel().remoteAddress(), failure);
            ctx.close();
            return;
        }
        switch (outcome) {
            case DispatchOutcome.Close close -> {
                log.info("Closing connection {} from {}: {}", ctx.channel().id(), ctx.channel().remoteAddress(), close.reason());
                ctx.close();
            }
            case DispatchOutcome.NoResponse none -> {
                inFlight = false;
                if (draining) {
                    ctx.close();
                } else {
                    startNext(ctx);
                }
            }
            case DispatchOutcome.Respond respond -> {
                // The response is released by whoever ends up with it: the encoder, or Netty if the write fails first.
                ChannelFuture written = ctx.writeAndFlush(new OutboundResponse(frame.header().correlationId(),
                        respond.headerVersion(), respond.body(), respond.version(), respond::release));
                written.addListener(future -> {
                    inFlight = false;
                    if (!future.isSuccess()) {
                        if (future.cause() instanceof EncoderException) {
                            // A response the codec refuses is a broker bug, never the client's doing: say so loudly.
                            log.error("Cannot encode the {} v{} response for {}", frame.apiKey().displayName(),
                                    respond.version(), ctx.channel().remoteAddress(), future.cause());
                        } else {
                            log.debug("Cannot write a response to {}", ctx.channel().remoteAddress(), future.cause());
                        }
                        ctx.close();
                    } else if (draining) {
                        ctx.close();
                    } else {
                        startNext(ctx);
                    }
                });
            }
        }
    }

    private RequestContext context(ChannelHandlerContext ctx, RequestFrame frame) {
        return new RequestContext(
                frame.apiKey(),
                frame.header().requestApiVersion(),
                frame.header().correlationId(),
                frame.header().clientId(),
                listenerName,
                (InetSocketAddress) ctx.channel().remoteAddress(),
                ctx.channel().id().asShortText());
    }

    private void releasePending() {
        RequestFrame frame;
        while ((frame = pending.poll()) != null) {
            frame.release();
        }
    }
}
