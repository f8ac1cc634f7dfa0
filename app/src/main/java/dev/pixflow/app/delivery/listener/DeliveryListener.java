package dev.pixflow.app.delivery.listener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The delivery role's own port: a Netty event-loop server in front of this process's Tomcat. A request
 * whose answer is kept is answered on the event loop, as a static file server would; every other one
 * is forwarded to Tomcat on loopback, so the controllers stay the one owner of every other answer. It
 * starts once Tomcat listens and stops before Tomcat's graceful shutdown.
 */
public final class DeliveryListener implements SmartLifecycle {
    /** Keep-alive connections idle this long are closed, as Tomcat's default does. */
    private static final int IDLE_SECONDS = 60;
    /** How long a stop waits for answers in hand; within Spring's shutdown phase of the server (40 s). */
    private static final int DRAIN_SECONDS = 30;

    private final ListenerAnswers answers;
    private final ListenerProblems problems;
    private final InetAddress address;
    private final int port;
    private final int loops;
    private final Supplier<Integer> tomcatPort;
    private final Counter answered;
    private final Counter forwarded;
    /**
     * Netty counts a file region as no bytes, so a client pipelining requests for files it does not read
     * would never make its connection unwritable (and one file would stay open per request): count them.
     */
    private static final MessageSizeEstimator FILES_COUNTED = () -> msg -> msg instanceof FileRegion region
            ? (int) Math.min(Integer.MAX_VALUE, region.count()) : DefaultMessageSizeEstimator.DEFAULT.newHandle().size(msg);

    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile EventLoopGroup group;
    private volatile Channel server;

    DeliveryListener(ListenerAnswers answers, ListenerProblems problems, InetAddress address, int port, int loops,
                     WebServerApplicationContext context, MeterRegistry registry) {
        this.answers = answers;
        this.problems = problems;
        this.address = address;
        this.port = port;
        this.loops = loops;
        this.tomcatPort = () -> context.getWebServer().getPort();
        this.answered = counter(registry, "listener");
        this.forwarded = counter(registry, "forwarded");
    }

    private static Counter counter(MeterRegistry registry, String by) {
        return Counter.builder("pixflow.delivery.listener.requests").tag("answered", by)
                .description("requests to the delivery listener, by who answered them").register(registry);
    }

    @Override
    public void start() {
        InetSocketAddress origin = new InetSocketAddress(
                address == null || address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address, tomcatPort.get());
        if (port != 0 && port == origin.getPort()) {
            throw new IllegalStateException("pixflow.delivery.listener-port " + port + " is the server's own port"
                    + " (server.port): give the listener a port of its own");
        }
        Transport transport = Transport.best(loops);
        group = transport.group();
        ChannelFuture bound = new ServerBootstrap().group(group).channel(transport.server())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, FILES_COUNTED)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Idle counts a slow client still taking an answer as busy (output progress).
                        // Tomcat's limits: an 8 KB request line and 8 KB of headers. Keep-alive is the
                        // connection's own decision (Netty's keep-alive handler closed after every 304).
                        children.add(ch);
                        ch.pipeline().addLast(new IdleStateHandler(true, 0, 0, IDLE_SECONDS, TimeUnit.SECONDS),
                                new HttpServerCodec(8192, 8192, 8192),
                                new ListenerConnection(answers, problems, transport, origin, answered, forwarded));
                    }
                })
                .bind(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            // The event loops' threads would keep the process alive, failed start and all.
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
            throw new IllegalStateException("pixflow.delivery.listener-port " + port + " could not be listened on: "
                    + bound.cause().getMessage(), bound.cause());
        }
        server = bound.channel();
        LoggerFactory.getLogger(DeliveryListener.class).info("delivery listener on port {} ({}, forwarding to {})",
                port(), transport.name(), origin.getPort());
    }

    /** The port it listens on (the chosen one when configured as 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Takes no new connections, lets each one finish the answers in hand (then closes it), and waits up
     * to {@link #DRAIN_SECONDS} for them, as Tomcat's graceful shutdown does on its port.
     */
    @Override
    public void stop() {
        Channel s = server;
        if (s != null) {
            s.close().syncUninterruptibly();
            ChannelGroupFuture closed = children.newCloseFuture();
            children.forEach(ch -> ch.pipeline().fireUserEventTriggered(ListenerConnection.DRAIN));
            closed.awaitUninterruptibly(DRAIN_SECONDS, TimeUnit.SECONDS);
            children.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        EventLoopGroup g = group;
        if (g != null) {
            g.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        server = null;
        group = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** After Tomcat starts (its port is known) and before its graceful shutdown, which stops later. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
