package dev.pixflow.app.delivery.listener;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
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
 * up. The listener serves delivery: requests with a body, and methods other than {@code GET},
 * {@code HEAD} and {@code OPTIONS}, are refused (405) and belong on the API's port.
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
    private final ArrayDeque<HttpRequest> waiting = new ArrayDeque<>();
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
        if (request.decoderResult().isFailure()) {
            refuse(ctx, problems.malformed(request.decoderResult().cause()));
            return;
        }
        HttpMethod m = request.method();
        boolean delivery = m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS);
        if (!delivery || HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request)) {
            refuse(ctx, problems.notDelivery(request));
            return;
        }
        if (forwarding) {
            if (waiting.size() >= MAX_WAITING) {
                ctx.close();
                return;
            }
            waiting.add(request);
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

    /** The forwarded answer is out: answer what waited behind it, in order. */
    private void next(ChannelHandlerContext ctx) {
        forwarding = false;
        while (!forwarding && !waiting.isEmpty() && ctx.channel().isActive()) {
            handle(ctx, waiting.poll());
        }
        ctx.flush();
        closeIfDrained(ctx);
    }

    /** Closes once what was written has gone out (an empty write completes after all before it). */
    private void closeIfDrained(ChannelHandlerContext ctx) {
        if (draining && !forwarding && waiting.isEmpty()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void refuse(ChannelHandlerContext ctx, Object response) {
        refused = true;
        waiting.clear();
        if (forwarding) {
            ctx.close();
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
            ctx.channel().config().setAutoRead(true);
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
