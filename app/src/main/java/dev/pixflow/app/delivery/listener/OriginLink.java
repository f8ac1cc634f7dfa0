package dev.pixflow.app.delivery.listener;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * One client connection's way to the controllers: a keep-alive connection to this process's own
 * Tomcat on loopback, opened when the first request needs it, carrying one request at a time in the
 * client's HTTP version. The answer is relayed back as it arrives, at the pace the client reads it
 * (the link stops reading from Tomcat while the client's socket is full). A request whose connection
 * Tomcat had closed as idle is sent again once on a new one: only bodiless {@code GET}, {@code HEAD}
 * and {@code OPTIONS} come here.
 */
final class OriginLink {
    /** Meant for one hop only (RFC 9110, 7.6.1); the listener and Tomcat each manage their own. */
    private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.TE, HttpHeaderNames.UPGRADE, HttpHeaderNames.TRAILER, "HTTP2-Settings");

    private final Channel client;
    private final Class<? extends SocketChannel> type;
    private final InetSocketAddress origin;
    private Channel tomcat;
    private HttpRequest pending;
    private boolean keepAlive;
    private Runnable done;
    private boolean answering;
    private boolean resent;

    OriginLink(Channel client, Class<? extends SocketChannel> type, InetSocketAddress origin) {
        this.client = client;
        this.type = type;
        this.origin = origin;
    }

    /**
     * Sends {@code request} on; {@code done} runs on the client's event loop once its answer has been
     * relayed. The client's connection is closed after it unless {@code keepAlive}.
     */
    void forward(HttpRequest request, boolean keepAlive, Runnable done) {
        this.pending = request;
        this.keepAlive = keepAlive;
        this.done = done;
        this.answering = false;
        this.resent = false;
        send();
    }

    /** The client may take more: read Tomcat's answer again. */
    void resume() {
        if (tomcat != null) {
            tomcat.config().setAutoRead(true);
        }
    }

    void close() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    private void send() {
        if (tomcat != null && tomcat.isActive()) {
            tomcat.writeAndFlush(copy(pending));
            return;
        }
        if (tomcat != null) {
            // Closing, and its inactive event not yet run: it must not answer, nor resend, any more.
            tomcat.close();
        }
        ChannelFuture connecting = new Bootstrap().group(client.eventLoop()).channel(type)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new Relay());
                    }
                })
                .connect(origin);
        tomcat = connecting.channel();
        connecting.addListener((ChannelFutureListener) connected -> {
            Channel ch = connected.channel();
            if (ch != tomcat || !client.isActive()) {
                ch.close();
            } else if (connected.isSuccess()) {
                ch.writeAndFlush(copy(pending));
            } else {
                // Tomcat is stopping or gone: this process cannot answer, and says so by closing.
                client.close();
            }
        });
    }

    /** The request as Tomcat should see it: without this hop's headers, with the client's address. */
    private HttpRequest copy(HttpRequest request) {
        DefaultFullHttpRequest out = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                Unpooled.EMPTY_BUFFER);
        HttpHeaders headers = out.headers().set(request.headers());
        withoutHopByHop(headers);
        // No body is ever sent on, so nothing to wait for: a 100 Continue would only get in the way.
        headers.remove(HttpHeaderNames.EXPECT);
        if (!request.protocolVersion().isKeepAliveDefault() && keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        SocketAddress from = client.remoteAddress();
        if (from instanceof InetSocketAddress inet) {
            String earlier = headers.get("X-Forwarded-For");
            String address = inet.getAddress().getHostAddress();
            headers.set("X-Forwarded-For", earlier == null ? address : earlier + ", " + address);
        }
        return out;
    }

    /** Removes the hop-by-hop headers, those the Connection header names too. */
    private static void withoutHopByHop(HttpHeaders headers) {
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String name : connection.split(",")) {
                if (!name.isBlank()) {
                    headers.remove(name.strip());
                }
            }
        }
        HOP_BY_HOP.forEach(headers::remove);
    }

    /** Tomcat's side of one connection: relays what it answers to the client. */
    private final class Relay extends ChannelInboundHandlerAdapter {
        /** Between an interim (1xx) answer and its empty end: nothing of it goes to the client. */
        private boolean interim;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (pending == null || ctx.channel() != tomcat) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                // Not an answer (too large a head, or cut off in it): neither side can go on.
                ReferenceCountUtil.release(msg);
                ctx.close();
                client.close();
                return;
            }
            if (msg instanceof HttpResponse response) {
                int status = response.status().code();
                if (status >= 100 && status < 200 && status != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                    interim = true;
                    ReferenceCountUtil.release(msg);
                    return;
                }
                answering = true;
                if (keepAlive && !HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response)
                        && status != 204 && status != 304 && !pending.method().equals(HttpMethod.HEAD)) {
                    // Its body ends where Tomcat closes: so must the client's connection.
                    keepAlive = false;
                }
                // This server's version whatever the client's (RFC 9110, 6.2), as Tomcat answers on its port.
                DefaultHttpResponse relayed = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
                relayed.headers().set(response.headers());
                withoutHopByHop(relayed.headers());
                if (!keepAlive) {
                    relayed.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                } else if (!pending.protocolVersion().isKeepAliveDefault()) {
                    relayed.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                client.write(relayed);
            }
            if (msg instanceof HttpContent content) {
                boolean last = content instanceof LastHttpContent;
                if (interim) {
                    interim = !last;
                    ReferenceCountUtil.release(msg);
                    return;
                }
                Object body = msg instanceof HttpResponse
                        ? new DefaultLastHttpContent(content.content().retain()) : content;
                if (msg instanceof HttpResponse) {
                    ReferenceCountUtil.release(msg);
                }
                if (last) {
                    pending = null;
                    ChannelFuture written = client.writeAndFlush(body);
                    if (!keepAlive) {
                        written.addListener(ChannelFutureListener.CLOSE);
                    }
                    done.run();
                    return;
                }
                client.write(body);
            }
            if (!client.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() != tomcat) {
                return;
            }
            tomcat = null;
            if (pending == null || !client.isActive()) {
                return;
            }
            if (!answering && !resent) {
                // Tomcat closed an idle connection as the request went out: nothing was answered, so ask again.
                resent = true;
                send();
            } else {
                client.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
