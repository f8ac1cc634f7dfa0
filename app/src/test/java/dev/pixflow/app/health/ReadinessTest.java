package dev.pixflow.app.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.testing.servers.PostgresServer;
import dev.pixflow.testing.servers.S3Server;
import dev.pixflow.testing.servers.SqsServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness checks the real dependencies of every role this process runs (all of them here: the
 * buckets, the SQS queue the workers take from, PostgreSQL): the servers the test started are stopped
 * under it, readiness goes DOWN naming the one that is gone while liveness stays UP, and it is UP again
 * once a server is back at the same address.
 */
// Closed after the class, and the servers with it (ServersLast): left to the JVM's exit, the
// context would stop after them, and its outbox relay's last drain wait out the pool's timeout.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadinessTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final String NAME = "readiness";
    private static S3Server s3 = S3Server.start();
    private static final SqsServer SQS = SqsServer.start();
    private static PostgresServer postgres = PostgresServer.start();
    private static final String DATABASE = databaseName(postgres.newDatabase());
    private static final Forwarder S3_ADDRESS = forwarder(address(s3.endpoint()));
    private static final Forwarder POSTGRES_ADDRESS = forwarder(new InetSocketAddress("127.0.0.1", postgres.port()));

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        createBuckets(s3);
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.storage.type", () -> "s3");
        r.add("pixflow.storage.s3.originals-bucket", () -> NAME + "-originals");
        r.add("pixflow.storage.s3.renditions-bucket", () -> NAME + "-renditions");
        r.add("pixflow.storage.s3.endpoint", () -> "http://127.0.0.1:" + S3_ADDRESS.port());
        r.add("pixflow.storage.s3.path-style", () -> "true");
        r.add("pixflow.storage.s3.access-key", () -> S3Server.ACCESS_KEY);
        r.add("pixflow.storage.s3.secret-key", () -> S3Server.SECRET_KEY);
        r.add("pixflow.queue.type", () -> "sqs");
        r.add("pixflow.queue.sqs.create", () -> "true");
        r.add("pixflow.queue.sqs.queue-name", () -> NAME + "-jobs");
        r.add("pixflow.queue.sqs.endpoint", () -> SQS.endpoint().toString());
        r.add("pixflow.queue.sqs.access-key", () -> "x");
        r.add("pixflow.queue.sqs.secret-key", () -> "x");
        r.add("pixflow.queue.sqs.long-poll", () -> "1s");
        r.add("pixflow.metadata.type", () -> "postgres");
        r.add("pixflow.metadata.postgres.url", () -> "jdbc:postgresql://127.0.0.1:" + POSTGRES_ADDRESS.port() + "/" + DATABASE);
        r.add("pixflow.metadata.postgres.user", () -> PostgresServer.USER);
        r.add("pixflow.metadata.postgres.password", () -> PostgresServer.PASSWORD);
        r.add("pixflow.health.timeout", () -> "1s");
    }

    /** Stops the servers when the context closes, after its relays' last work: a bean's destruction comes after every stop. */
    @TestConfiguration
    static class ServersLast {
        @Bean
        AutoCloseable testServers() {
            return () -> {
                S3_ADDRESS.close();
                POSTGRES_ADDRESS.close();
                s3.close();
                SQS.close();
                postgres.close();
            };
        }
    }

    @Test
    void aStoppedBucketServerMakesThePodUnreadyButAliveUntilItIsBack() {
        awaitReadiness(200, "UP");
        assertThat(dependencies().fieldNames()).toIterable().containsExactlyInAnyOrder("database", "bucket", "queue");

        s3.close();
        JsonNode down = awaitReadiness(503, "DOWN");
        assertThat(down.at("/components/dependencies/components/bucket/status").asText()).isEqualTo("DOWN");
        assertThat(down.at("/components/dependencies/components/database/status").asText()).isEqualTo("UP");
        assertThat(down.at("/components/dependencies/components/queue/status").asText()).isEqualTo("UP");
        assertThat(http().get("/actuator/health/liveness").statusCode()).as("liveness checks nothing outside").isEqualTo(200);

        s3 = S3Server.start();
        createBuckets(s3);
        S3_ADDRESS.forwardTo(address(s3.endpoint()));
        awaitReadiness(200, "UP");
    }

    @Test
    void aStoppedDatabaseServerMakesThePodUnreadyButAliveUntilItIsBack() {
        awaitReadiness(200, "UP");

        postgres.close();
        JsonNode down = awaitReadiness(503, "DOWN");
        assertThat(down.at("/components/dependencies/components/database/status").asText()).isEqualTo("DOWN");
        assertThat(down.at("/components/dependencies/components/bucket/status").asText()).isEqualTo("UP");
        assertThat(http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);

        postgres = PostgresServer.start();
        assertThat(databaseName(postgres.newDatabase())).as("numbered from the first on each server").isEqualTo(DATABASE);
        POSTGRES_ADDRESS.forwardTo(new InetSocketAddress("127.0.0.1", postgres.port()));
        awaitReadiness(200, "UP");
    }

    private JsonNode dependencies() {
        return Http.json(http().get("/actuator/health/readiness")).at("/components/dependencies/components");
    }

    private JsonNode awaitReadiness(int status, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> http().get("/actuator/health/readiness").statusCode() == status);
        JsonNode readiness = Http.json(http().get("/actuator/health/readiness"));
        assertThat(readiness.get("status").asText()).isEqualTo(state);
        return readiness;
    }

    private static String databaseName(String jdbcUrl) {
        return jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
    }

    private static void createBuckets(S3Server server) {
        server.createBucket(NAME + "-originals");
        server.createBucket(NAME + "-renditions");
    }

    private static InetSocketAddress address(URI endpoint) {
        return new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
    }

    private static Forwarder forwarder(InetSocketAddress to) {
        try {
            return new Forwarder(to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
