package dev.pixflow.testing.servers;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;

/** The three servers start, answer on their ports and stop, on the versions the build pins. */
class ServersStartTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void s3proxyRefusesAnUnsignedRequest() throws Exception {
        try (S3Server s3 = S3Server.start()) {
            var r = http.send(HttpRequest.newBuilder(s3.endpoint().resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void elasticMqAnswersAnSqsCall() throws Exception {
        try (SqsServer sqs = SqsServer.start()) {
            URI uri = URI.create(sqs.endpoint() + "/?Action=ListQueues");
            var r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void postgresGivesEachTestADatabase() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            String url = pg.newDatabase();
            try (var c = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
                 var rs = c.createStatement().executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("pixflow_1");
            }
        }
    }
}
