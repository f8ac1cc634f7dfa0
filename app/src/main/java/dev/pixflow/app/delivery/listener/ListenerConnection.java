package dev.pixflow.app.delivery.listener;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One client connection to the delivery listener. Each request is answered here when its answer is
 * kept ({@link ListenerAnswers}), or forwarded to the controllers ({@link OriginLink}); answers leave in
 * the order the requests came, so a pipelined request waits while an earlier one is forwarded, and a
 * client that sends requests faster than it reads the answers is no longer read from until it catches
 * up. What the listener refuses ({@link ListenerProblems}) is answered in its turn too, and the
 * connection closed after it.
 */
final class ListenerConnection extends ChannelInboundHandlerAdapter {
    /** Pipelined requests a client may have waiting behind a forwarded one. */
    private static final int MAX_WAITING = 64;
    /** Sent by the listener when it stops: finish what is in hand, then close. */
    static final Object DRAIN = new Object();

    private final ListenerAnswers answers;
    private final ListenerProblems problems;
    private final Transport transport;
    private final InetSocketAddress origin;
    private final Counter answered;
    private final Counter forwarded;
    /** Requests waiting behind a forwarded one, and at most one refusal after them. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private OriginLink link;
    private boolean forwarding;
    private boolean refused;
    private boolean draining;

    ListenerConnection(ListenerAnswers answers, ListenerProblems problems, Transport transport, InetSocketAddress origin,
                       Counter answered, Counter forwarded) {
        this.answers = answers;
        this.problems = problems;
        this.transport = transport;
        this.origin = origin;
        this.answered = answered;
        this.forwarded = forwarded;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent) {
            // Bodies of accepted requests are empty; a refused one's is dropped with its connection.
            ReferenceCountUtil.release(msg);
        }
        if (!(msg instanceof HttpRequest request) || refused) {
            return;
        }
        Object refusal = problems.refusal(request);
        if (refusal != null) {
            refuse(ctx, refusal);
            return;
        }
        if (forwarding) {
            waiting.add(request);
            if (waiting.size() >= MAX_WAITING) {
                // Answered in order once the forwarded one is out: until then, read no more.
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        handle(ctx, request);
    }

    /**
     * Whether the connection stays open after this request: HTTP/1.1 unless it says close, HTTP/1.0 if it
     * asks. Without a Connection header, the common case, nothing is parsed or allocated.
     */
    static boolean keepAlive(HttpRequest request) {
        return request.headers().contains(HttpHeaderNames.CONNECTION) ? HttpUtil.isKeepAlive(request)
                : request.protocolVersion().isKeepAliveDefault();
    }

    private void handle(ChannelHandlerContext ctx, HttpRequest request) {
        boolean keepAlive = keepAlive(request) && !draining;
        try {
            // Only keep-alive requests are answered here.
            if (keepAlive && answers.answer(ctx, request)) {
                answered.increment();
                if (!ctx.channel().isWritable()) {
                    // The client takes answers slower than it asks: read no more until it catches up.
                    ctx.channel().config().setAutoRead(false);
                }
                return;
            }
        } catch (IOException | RuntimeException e) {
            // Whatever went wrong here, the controllers answer it, with their problem document if need be.
        }
        forwarded.increment();
        forwarding = true;
        if (link == null) {
            link = new OriginLink(ctx.channel(), transport.client(), origin);
        }
        link.forward(request, keepAlive, () -> next(ctx));
    }

    /** The forwarded answer is out: answer what waited behind it, in order, a refusal last. */
    private void next(ChannelHandlerContext ctx) {
        forwarding = false;
        while (!forwarding && !waiting.isEmpty() && ctx.channel().isActive()) {
            Object next = waiting.poll();
            if (next instanceof HttpRequest request) {
                handle(ctx, request);
            } else {
                ctx.writeAndFlush(next).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        ctx.flush();
        if (waiting.size() < MAX_WAITING && ctx.channel().isWritable() && !refused) {
            ctx.channel().config().setAutoRead(true);
        }
        closeIfDrained(ctx);
    }

    /** Closes once what was written has gone out (an empty write completes after all before it). */
    private void closeIfDrained(ChannelHandlerContext ctx) {
        if (draining && !forwarding && waiting.isEmpty()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Answers the refusal after the answers to the requests before it (RFC 9112, 9.3.2), then closes:
     * what follows a request that cannot be read cannot be trusted to start where it seems to.
     */
    private void refuse(ChannelHandlerContext ctx, Object response) {
        refused = true;
        if (forwarding) {
            waiting.add(response);
            return;
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            if (waiting.size() < MAX_WAITING && !refused) {
                ctx.channel().config().setAutoRead(true);
            }
            if (link != null) {
                link.resume();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == DRAIN) {
            draining = true;
            closeIfDrained(ctx);
        } else if (event instanceof IdleStateEvent && !forwarding) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (link != null) {
            link.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
