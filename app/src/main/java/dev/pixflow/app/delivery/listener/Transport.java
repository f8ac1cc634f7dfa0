package dev.pixflow.app.delivery.listener;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops and socket types of the listener and its links to Tomcat: Linux's epoll where Netty's
 * native library loads (it measured faster: fewer system calls per request than the JDK's selector),
 * the JDK's NIO anywhere else.
 */
record Transport(String name, EventLoopGroup group, Class<? extends ServerChannel> server,
                 Class<? extends SocketChannel> client) {

    static Transport best(int loops) {
        DefaultThreadFactory threads = new DefaultThreadFactory("pixflow-delivery-listener");
        if (Epoll.isAvailable()) {
            return new Transport("epoll", new EpollEventLoopGroup(loops, threads), EpollServerSocketChannel.class,
                    EpollSocketChannel.class);
        }
        return new Transport("nio", new NioEventLoopGroup(loops, threads), NioServerSocketChannel.class,
                NioSocketChannel.class);
    }
}
