package dev.pixflow.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Alt text from a vision model ({@code pixflow.alt-text.*}); off unless {@code url} is set.
 *
 * @param url       an OpenAI-compatible API's base ({@code http://localhost:11434/v1} for Ollama,
 *                  {@code https://api.openai.com/v1}) or its full {@code /chat/completions} URL
 * @param model     the vision model, as the server names it
 * @param apiKey    sent as a bearer token, when the server wants one
 * @param prompt    what the model is asked (a sensible default otherwise)
 * @param maxTokens the longest answer asked for
 * @param timeout   for one request; a model on a CPU is slow
 */
@ConfigurationProperties("pixflow.alt-text")
public record AltTextProperties(URI url, String model, String apiKey, String prompt,
                                @DefaultValue("300") int maxTokens, @DefaultValue("120s") Duration timeout) {
}
