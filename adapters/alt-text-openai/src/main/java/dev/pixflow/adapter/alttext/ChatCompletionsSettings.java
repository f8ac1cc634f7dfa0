package dev.pixflow.adapter.alttext;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to ask for alt text.
 *
 * @param url       the API's base ({@code http://localhost:11434/v1}, {@code https://api.openai.com/v1}) or
 *                  its full {@code .../chat/completions} URL
 * @param model     the vision model's name as the server knows it
 * @param apiKey    sent as a bearer token; empty for a local server that wants none
 * @param prompt    what the model is asked, with the image
 * @param maxTokens the longest answer asked for
 * @param timeout   for the whole request; a slow model on a CPU needs a while
 */
public record ChatCompletionsSettings(URI url, String model, Optional<String> apiKey, String prompt, int maxTokens,
                                      Duration timeout) {
    public static final String DEFAULT_PROMPT = "Write alt text for this image for a website: one or two plain "
            + "sentences saying what it shows, for someone who cannot see it. No preamble such as \"Image of\".";

    public ChatCompletionsSettings {
        if (url == null || model == null || model.isBlank()) {
            throw new IllegalArgumentException("alt text needs the endpoint's url and a model");
        }
        apiKey = apiKey.filter(k -> !k.isBlank());
        prompt = prompt == null || prompt.isBlank() ? DEFAULT_PROMPT : prompt;
    }

    URI completionsUri() {
        String base = url.toString();
        if (base.endsWith("/chat/completions")) {
            return url;
        }
        return URI.create(base.endsWith("/") ? base + "chat/completions" : base + "/chat/completions");
    }
}
