package dev.pixflow.adapter.alttext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pixflow.core.port.ImageDescriber;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * Alt text from a vision model behind an OpenAI-compatible {@code /chat/completions} endpoint: the
 * image goes inline as a base64 {@code data:} URL in an {@code image_url} content part, which OpenAI,
 * Ollama, vLLM, llama.cpp's server and LocalAI all read, so the model may be local or in a cloud.
 */
public final class ChatCompletionsDescriber implements ImageDescriber {
    /** Longer answers are cut: alt text is read aloud, and a model that rambles should not fill a record. */
    public static final int MAX_LENGTH = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatCompletionsSettings settings;
    private final HttpClient http;

    public ChatCompletionsDescriber(ChatCompletionsSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String describe(Path jpeg) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.completionsUri())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(jpeg))));
        settings.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the model", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the model endpoint answered " + response.statusCode() + ": " + abbreviated(response.body()));
        }
        return answer(JSON.readTree(response.body()));
    }

    private ObjectNode body(Path jpeg) throws IOException {
        String dataUrl = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(jpeg));
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        body.put("max_tokens", settings.maxTokens());
        ArrayNode messages = body.putArray("messages");
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        ArrayNode content = user.putArray("content");
        content.addObject().put("type", "text").put("text", settings.prompt());
        ObjectNode image = content.addObject().put("type", "image_url");
        image.putObject("image_url").put("url", dataUrl);
        return body;
    }

    /** choices[0].message.content, a string or (some servers) a list of text parts. */
    static String answer(JsonNode response) throws IOException {
        JsonNode content = response.path("choices").path(0).path("message").path("content");
        StringBuilder text = new StringBuilder();
        if (content.isTextual()) {
            text.append(content.asText());
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                text.append(part.path("text").asText(""));
            }
        }
        String cleaned = clean(text.toString());
        if (cleaned.isEmpty()) {
            throw new IOException("the model answered no text: " + abbreviated(response.toString()));
        }
        return cleaned;
    }

    /** One paragraph, without the quotes or the label some models wrap their answer in. */
    static String clean(String raw) {
        String t = raw.replaceAll("\\s+", " ").strip();
        t = t.replaceFirst("(?i)^alt(ernative)?[ -]?text:\\s*", "");
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("“") && t.endsWith("”"))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t.length() > MAX_LENGTH ? t.substring(0, MAX_LENGTH).strip() : t;
    }

    private static String abbreviated(String body) {
        String b = body == null ? "" : body.replaceAll("\\s+", " ");
        return b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }
}
