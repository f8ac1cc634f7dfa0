package dev.pixflow.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a server that answers as Pixflow does when a key is over its rate limit. */
class PixflowApiTest {
    private static final byte[] IMAGE = "not really a jpeg, the stand-in server does not look".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private PixflowApi api;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/images", exchange -> {
            bodies.add(exchange.getRequestBody().readAllBytes());
            boolean refuse = refusalsLeft.getAndDecrement() > 0;
            byte[] answer = (refuse
                    ? "{\"type\":\"urn:pixflow:problem:rate-limited\",\"status\":429,\"detail\":\"over 2 uploads a minute\"}"
                    : "{\"id\":\"01a00000-0000-7000-8000-000000000001\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", refuse ? "application/problem+json" : "application/json");
            if (refuse) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            exchange.sendResponseHeaders(refuse ? 429 : 201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        api = new PixflowApi("http://127.0.0.1:" + server.getAddress().getPort(), "pxf_test",
                new PrintStream(said, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String upload() throws Exception {
        return api.uploadWhole("a.jpg", "image/jpeg", IMAGE.length, () -> new ByteArrayInputStream(IMAGE),
                new PixflowApi.Metadata(null, null, List.of(), null), false).get("id").asText();
    }

    @Test
    void anUploadOverTheRateLimitWaitsTheTimeTheServerNamesAndIsSentAgainWhole() throws Exception {
        refusalsLeft.set(2);
        assertThat(upload()).isEqualTo("01a00000-0000-7000-8000-000000000001");

        assertThat(bodies).hasSize(3).allSatisfy(body -> assertThat(body).isEqualTo(IMAGE));
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("over 2 uploads a minute; waiting 1 s");
    }

    @Test
    void aKeyThatStaysOverItsLimitIsReportedAfterTheLastAttempt() {
        refusalsLeft.set(Integer.MAX_VALUE);
        assertThatThrownBy(this::upload).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThat(bodies).hasSize(PixflowApi.RATE_LIMITED_ATTEMPTS);
    }
}
