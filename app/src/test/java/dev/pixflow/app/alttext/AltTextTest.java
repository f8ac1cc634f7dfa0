package dev.pixflow.app.alttext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alt text written after an upload by a vision model behind an OpenAI-compatible endpoint. No model
 * runs in a test: a local HTTP server stands in for the model server, checks each request as such a
 * server reads it (model, the image as a data URL, the key) and answers with a canned description.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AltTextTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<JsonNode> REQUESTS = new CopyOnWriteArrayList<>();
    static final List<String> PROBLEMS = new CopyOnWriteArrayList<>();
    static final HttpServer MODEL = start();

    static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/chat/completions", AltTextTest::answer);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            REQUESTS.add(body);
            if (!"Bearer sk-local-test".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                PROBLEMS.add("no bearer token");
            }
            byte[] out = """
                    {"choices": [{"index": 0, "message": {"role": "assistant",
                      "content": "Four coloured squares: red, green, blue and white."}}]}"""
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
        }
    }

    @AfterAll
    static void stopModel() {
        MODEL.stop(0);
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.alt-text.url", () -> "http://127.0.0.1:" + MODEL.getAddress().getPort() + "/v1");
        r.add("pixflow.alt-text.model", () -> "llava:7b");
        r.add("pixflow.alt-text.api-key", () -> "sk-local-test");
    }

    @TempDir
    Path tmp;

    private JsonNode awaitAltText(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> record(id).has("altText"));
        return record(id);
    }

    @Test
    void aModelDescribesTheUploadFromASmallJpeg() throws Exception {
        HttpResponse<String> created = http().uploadRaw(TestImages.jpeg(tmp, 2400, 1600), "image/jpeg", "title=Squares");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Http.json(created).get("id").asText();

        JsonNode described = awaitAltText(id);

        assertThat(described.get("altText").asText()).isEqualTo("Four coloured squares: red, green, blue and white.");
        assertThat(PROBLEMS).isEmpty();
        JsonNode request = REQUESTS.getLast();
        assertThat(request.get("model").asText()).isEqualTo("llava:7b");
        JsonNode parts = request.get("messages").get(0).get("content");
        assertThat(parts.get(0).get("type").asText()).isEqualTo("text");
        String url = parts.get(1).get("image_url").get("url").asText();
        assertThat(url).startsWith("data:image/jpeg;base64,");
        Path sent = Files.write(tmp.resolve("sent.jpg"), Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
        TestImages.Inspection small = TestImages.inspect(sent);
        assertThat(small.width()).isEqualTo(512);
        assertThat(small.height()).isEqualTo(341);
        assertThat(Http.json(http().get("/v1/images?q=coloured%20squares")).get("items"))
                .extracting(i -> i.get("id").asText()).containsExactly(id);
    }

    @Test
    void theOwnersAltTextIsKeptAndEditable() throws Exception {
        HttpResponse<String> created = http().uploadRaw(TestImages.jpeg(tmp, 800, 600), "image/jpeg",
                "altText=My%20own%20words");
        String id = Http.json(created).get("id").asText();
        assertThat(Http.json(created).get("altText").asText()).isEqualTo("My own words");
        awaitReady(id);
        int asked = REQUESTS.size();

        HttpResponse<String> edited = http().send(http().request("/v1/images/" + id).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"altText\": \"A grid of four colours\"}")).build());
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(Http.json(edited).get("altText").asText()).isEqualTo("A grid of four colours");
        assertThat(record(id).get("altText").asText()).isEqualTo("A grid of four colours");
        assertThat(REQUESTS).as("no model asked for an image that has alt text").hasSize(asked);
    }
}
