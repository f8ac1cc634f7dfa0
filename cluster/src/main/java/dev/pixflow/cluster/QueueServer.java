package dev.pixflow.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import scala.Function0;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The SQS-compatible server: ElasticMQ in this JVM, with the queues declared as a deployment declares
 * them (the jobs queue and the bucket's event queue, each redriven to its dead-letter queue after five
 * receives), and its messages kept in an H2 file, so queued jobs survive a restart.
 */
final class QueueServer implements AutoCloseable {
    static final String ACCOUNT = "000000000000";
    static final String JOBS = "pixflow-jobs";
    static final String JOBS_DEAD = "pixflow-jobs-dead";
    static final String INCOMING = "pixflow-incoming";
    static final String INCOMING_DEAD = "pixflow-incoming-dead";
    /** Receives before a message is dead: the server's own {@code pixflow.queue.max-attempts} default. */
    static final int MAX_RECEIVES = 5;

    private final Function0<?> shutdown;
    private final URI endpoint;
    private final String messages;

    private QueueServer(Function0<?> shutdown, URI endpoint, String messages) {
        this.shutdown = shutdown;
        this.endpoint = endpoint;
        this.messages = messages;
    }

    /**
     * ElasticMQ's actor system reads these from the system properties: quiet, and stopped by this
     * launcher in order rather than by a JVM shutdown hook of its own. Set before anything loads it.
     */
    static void configureActorSystem() {
        System.setProperty("pekko.loglevel", "WARNING");
        System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    }

    static QueueServer start(Path dir, int port) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String conf = """
                node-address { protocol = http, host = "127.0.0.1", port = %1$d, context-path = "" }
                generate-node-address = false
                rest-sqs { enabled = true, bind-port = %1$d, bind-hostname = "127.0.0.1", sqs-limits = strict }
                queues {
                  %2$s { deadLettersQueue { name = "%3$s", maxReceiveCount = %6$d } }
                  %3$s { }
                  %4$s { deadLettersQueue { name = "%5$s", maxReceiveCount = %6$d } }
                  %5$s { }
                }
                queues-storage { enabled = true, path = %7$s }
                messages-storage { enabled = true, driver-class = "org.h2.Driver", uri = %8$s, username = "", password = "",
                                   prune-data-on-init = false }
                aws { region = "%9$s", accountId = "%10$s" }
                """.formatted(port, JOBS, JOBS_DEAD, INCOMING, INCOMING_DEAD, MAX_RECEIVES,
                ConfigUtil.quoteString(dir.resolve("queues.conf").toString()),
                ConfigUtil.quoteString(h2Url(dir)), ObjectStore.REGION, ACCOUNT);
        Config config = ConfigFactory.parseString(conf).withFallback(ConfigFactory.load()).resolve();
        Function0<?> shutdown = new ElasticMQServer(new ElasticMQServerConfig(config)).start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        awaitListening(endpoint, shutdown);
        return new QueueServer(shutdown, endpoint, h2Url(dir));
    }

    /**
     * The messages' database. H2 would close it from a JVM shutdown hook of its own, while the processes
     * still stopping use the queues; it is closed after ElasticMQ instead.
     */
    private static String h2Url(Path dir) {
        return "jdbc:h2:" + dir.resolve("messages") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static void awaitListening(URI endpoint, Function0<?> shutdown) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                HttpRequest list = HttpRequest.newBuilder(endpoint.resolve("/?Action=ListQueues")).timeout(Duration.ofSeconds(2)).build();
                if (http.send(list, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // polled again below
            }
            if (System.nanoTime() > deadline) {
                shutdown.apply();
                throw new IOException("ElasticMQ did not answer on " + endpoint + " within 60 s");
            }
            Thread.sleep(50);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    URI queueUrl(String name) {
        return endpoint.resolve("/" + ACCOUNT + "/" + name);
    }

    @Override
    public void close() throws SQLException {
        shutdown.apply();
        try (Connection c = DriverManager.getConnection(messages, "", ""); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
