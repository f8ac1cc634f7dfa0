package dev.pixflow.testing.servers;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.net.URI;

/** An SQS-compatible server in this JVM: ElasticMQ on a free loopback port, queues in memory. */
public final class SqsServer implements AutoCloseable {
    private final SQSRestServer server;
    private final int port;

    private SqsServer(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static SqsServer start() {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        return new SqsServer(server, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
