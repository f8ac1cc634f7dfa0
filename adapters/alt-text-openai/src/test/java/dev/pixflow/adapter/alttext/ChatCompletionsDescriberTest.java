package dev.pixflow.adapter.alttext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The describer against a local HTTP server standing in for the model server (no model runs in a
 * test): the server checks the request's shape as an OpenAI-compatible server reads it, and answers
 * as one does.
 */
class ChatCompletionsDescriberTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicReference<Recorded> last = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String answer;

    record Recorded(String method, String path, String authorization, String contentType, JsonNode body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        answer = completion("A red boat moored in a quiet harbour at dusk.");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            last.set(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), JSON.readTree(body)));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
        }
    }

    private static String completion(String content) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "model": "llava",
                 "choices": [{"index": 0, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": %s}}]}""".formatted(quoted(content));
    }

    private static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ChatCompletionsDescriber describer(String base, Optional<String> key) {
        return new ChatCompletionsDescriber(new ChatCompletionsSettings(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + base), "llava:7b", key, null, 200,
                Duration.ofSeconds(10)));
    }

    private Path jpeg() throws IOException {
        byte[] bytes = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9};
        return Files.write(dir.resolve("small.jpg"), bytes);
    }

    @Test
    void sendsTheModelThePromptAndTheImageAsADataUrlWithTheKey() throws IOException {
        Path image = jpeg();

        String text = describer("/v1", Optional.of("sk-test-123")).describe(image);

        assertThat(text).isEqualTo("A red boat moored in a quiet harbour at dusk.");
        Recorded r = last.get();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.authorization()).isEqualTo("Bearer sk-test-123");
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body().path("model").asText()).isEqualTo("llava:7b");
        assertThat(r.body().path("max_tokens").asInt()).isEqualTo(200);
        JsonNode message = r.body().path("messages").path(0);
        assertThat(message.path("role").asText()).isEqualTo("user");
        JsonNode parts = message.path("content");
        assertThat(parts.path(0).path("type").asText()).isEqualTo("text");
        assertThat(parts.path(0).path("text").asText()).isEqualTo(ChatCompletionsSettings.DEFAULT_PROMPT);
        assertThat(parts.path(1).path("type").asText()).isEqualTo("image_url");
        String url = parts.path(1).path("image_url").path("url").asText();
        assertThat(url).startsWith("data:image/jpeg;base64,");
        assertThat(Base64.getDecoder().decode(url.substring("data:image/jpeg;base64,".length())))
                .isEqualTo(Files.readAllBytes(image));
    }

    @Test
    void aLocalServerWithoutKeyGetsNoAuthorizationAndAFullUrlIsUsedAsItIs() throws IOException {
        describer("/api/chat/completions", Optional.empty()).describe(jpeg());

        assertThat(last.get().authorization()).isNull();
        assertThat(last.get().path()).isEqualTo("/api/chat/completions");
    }

    @Test
    void quotesLabelsAndLineBreaksAroundTheAnswerAreDropped() throws IOException {
        answer = completion("Alt text: \"Two gulls\n over   a pier.\"");

        assertThat(describer("/v1", Optional.empty()).describe(jpeg())).isEqualTo("Two gulls over a pier.");
    }

    @Test
    void answersInPartsAreJoined() throws IOException {
        answer = """
                {"choices": [{"message": {"role": "assistant",
                  "content": [{"type": "text", "text": "A lighthouse "}, {"type": "text", "text": "in fog."}]}}]}""";

        assertThat(describer("/v1", Optional.empty()).describe(jpeg())).isEqualTo("A lighthouse in fog.");
    }

    @Test
    void anErrorStatusOrAnEmptyAnswerFails() throws IOException {
        Path image = jpeg();
        status = 401;
        answer = "{\"error\": {\"message\": \"Incorrect API key provided\"}}";
        assertThatThrownBy(() -> describer("/v1", Optional.of("wrong")).describe(image))
                .isInstanceOf(IOException.class).hasMessageContaining("401");

        status = 200;
        answer = completion("   ");
        assertThatThrownBy(() -> describer("/v1", Optional.empty()).describe(image))
                .isInstanceOf(IOException.class).hasMessageContaining("no text");
    }
}
