package io.samsa.core.network;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ReferenceCountUtil;
import io.samsa.core.dispatch.DispatchOutcome;
import io.samsa.core.dispatch.Dispatched;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestDispatcher;
import io.samsa.core.network.codec.ByteBufs;
import io.samsa.core.network.codec.OutboundResponse;
import io.samsa.core.network.codec.RequestFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's requests in order, as Kafka does: a request starts only once the
 * previous response has been written to the socket, and while a request waits for that the
 * connection reads no more. That keeps responses in request order and makes a slow reader
 * throttle itself. One exception: a request whose effects were already queued in order when its
 * handler returned (a produce's appends, see {@link io.samsa.core.dispatch.RequestHandler#orderedOnReturn})
 * lets the next request of the same API start at once, up to {@link #MAX_OVERLAPPING} of them, so
 * that a producer's pipelined requests do not each wait for the one before to reach the disk.
 * Responses still go out in request order. One instance per connection; all state is touched on
 * its event loop.
 */
final class RequestChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestChannelHandler.class);

    /** Fired by the server on shutdown: finish the requests in flight, then close. */
    static final Object DRAIN = new Object();

    /** Requests in flight at once on a connection, at most (Kafka producers send up to 5 by default). */
    static final int MAX_OVERLAPPING = 5;

    /**
     * Bytes of request bodies a connection may hold in flight by overlapping, at most: a request
     * that would take them past this waits for the ones before it, as any request does in Kafka.
     */
    static final int MAX_OVERLAPPING_BYTES = 16 * 1024 * 1024;

    private final RequestDispatcher dispatcher;
    private final String listenerName;
    private final ArrayDeque<RequestFrame> pending = new ArrayDeque<>();
    /** Started requests whose response is not written yet, oldest first. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private boolean draining;

    /** A started request, and once known its outcome. */
    private static final class InFlight {
        final RequestFrame frame;
        final int bytes;
        final boolean orderedOnReturn;
        boolean done;
        boolean writing;
        /** Once done: the outcome, or null with the failure that came instead. */
        DispatchOutcome outcome;
        Throwable failure;

        InFlight(RequestFrame frame, int bytes, boolean orderedOnReturn) {
            this.frame = frame;
            this.bytes = bytes;
            this.orderedOnReturn = orderedOnReturn;
        }
    }

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
        startNext(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == DRAIN) {
            draining = true;
            releasePending();
            if (inFlight.isEmpty()) {
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

    /**
     * Starts pending requests while the ones in flight allow it, and reads from the socket only
     * while no request waits to start (Netty acts only on a change). A request in flight does not
     * stop reads by itself: Kafka clients wait for its answer before sending one that could not
     * start, and muting and unmuting the socket around every request would cost two system calls.
     */
    private void startNext(ChannelHandlerContext ctx) {
        // A request that fails at once may close the channel; nothing after it starts then.
        while (ctx.channel().isActive() && !pending.isEmpty() && mayStart(pending.peek())) {
            start(ctx, pending.poll());
        }
        if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(!draining && pending.isEmpty());
        }
    }

    /**
     * True if nothing is in flight, or if every request in flight is of {@code next}'s API and was
     * ordered when it returned, and {@code next} stays within the count and byte bounds.
     */
    private boolean mayStart(RequestFrame next) {
        if (inFlight.isEmpty()) {
            return true;
        }
        if (inFlight.size() >= MAX_OVERLAPPING) {
            return false;
        }
        long bytes = next.body().readableBytes();
        for (InFlight started : inFlight) {
            if (!started.orderedOnReturn || started.frame.apiKey() != next.apiKey()) {
                return false;
            }
            bytes += started.bytes;
        }
        return bytes <= MAX_OVERLAPPING_BYTES;
    }

    private void start(ChannelHandlerContext ctx, RequestFrame frame) {
        RequestContext context = context(ctx, frame);
        int bytes = frame.body().readableBytes();
        Dispatched dispatched;
        try {
            dispatched = dispatcher.dispatch(context, ByteBufs.readable(frame.body()));
        } catch (RuntimeException e) {
            dispatched = new Dispatched(CompletableFuture.failedFuture(e), false);
        }
        InFlight request = new InFlight(frame, bytes, dispatched.orderedOnReturn());
        inFlight.add(request);
        dispatched.outcome().whenComplete((result, failure) -> {
            if (ctx.executor().inEventLoop()) {
                completed(ctx, request, result, failure);
                return;
            }
            try {
                ctx.executor().execute(() -> completed(ctx, request, result, failure));
            } catch (RejectedExecutionException e) {
                // The event loop is gone (shutdown): nothing will be written, but what the response holds must be freed.
                frame.release();
                if (result instanceof DispatchOutcome.Respond respond) {
                    respond.release();
                }
            }
        });
    }

    private void completed(ChannelHandlerContext ctx, InFlight request, DispatchOutcome outcome, Throwable failure) {
        request.frame.release();
        request.done = true;
        request.outcome = outcome;
        request.failure = failure;
        sendInOrder(ctx);
    }

    /** Sends the completed responses that no earlier request's response is still waiting for. */
    private void sendInOrder(ChannelHandlerContext ctx) {
        for (InFlight request : List.copyOf(inFlight)) {
            if (!request.done) {
                return;
            }
            if (!request.writing) {
                request.writing = true;
                send(ctx, request);
            }
        }
    }

    private void send(ChannelHandlerContext ctx, InFlight request) {
        RequestFrame frame = request.frame;
        if (request.failure != null) {
            log.error("Request {} from {} failed without a response", context(ctx, frame), ctx.channel().remoteAddress(),
                    request.failure);
            ctx.close();
            return;
        }
        switch (request.outcome) {
            case DispatchOutcome.Close close -> {
                log.info("Closing connection {} from {}: {}", ctx.channel().id(), ctx.channel().remoteAddress(), close.reason());
                ctx.close();
            }
            case DispatchOutcome.NoResponse none -> sent(ctx, request);
            case DispatchOutcome.Respond respond -> {
                // The response is released by whoever ends up with it: the encoder, or Netty if the write fails first.
                ChannelFuture written = ctx.writeAndFlush(new OutboundResponse(frame.header().correlationId(),
                        respond.headerVersion(), respond.body(), respond.version(), respond::release));
                written.addListener(future -> {
                    if (!future.isSuccess()) {
                        if (future.cause() instanceof EncoderException) {
                            // A response the codec refuses is a broker bug, never the client's doing: say so loudly.
                            log.error("Cannot encode the {} v{} response for {}", frame.apiKey().displayName(),
                                    respond.version(), ctx.channel().remoteAddress(), future.cause());
                        } else {
                            log.debug("Cannot write a response to {}", ctx.channel().remoteAddress(), future.cause());
                        }
                        ctx.close();
                        return;
                    }
                    sent(ctx, request);
                });
            }
        }
    }

    /** The request is over: its response (if any) is on the socket. */
    private void sent(ChannelHandlerContext ctx, InFlight request) {
        inFlight.remove(request);
        if (draining) {
            if (inFlight.isEmpty()) {
                ctx.close();
            }
            return;
        }
        startNext(ctx);
    }

    private RequestContext context(ChannelHandlerContext ctx, RequestFrame frame) {
        return new RequestContext(
                frame.apiKey(),
                frame.header().requestApiVersion(),
                frame.header().correlationId(),
                frame.header().clientId(),
                listenerName,
                ctx.channel().remoteAddress() instanceof InetSocketAddress address ? address : null,
                ctx.channel().id().asShortText());
    }

    private void releasePending() {
        RequestFrame frame;
        while ((frame = pending.poll()) != null) {
            frame.release();
        }
    }
}
