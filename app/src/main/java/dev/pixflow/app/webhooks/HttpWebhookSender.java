package dev.pixflow.app.webhooks;

import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.domain.Webhook;
import dev.pixflow.core.port.WebhookSender;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Sends events over HTTP as the Standard Webhooks specification has it: a POST of the JSON payload with
 * {@code webhook-id} (the event id, the same on every retry), {@code webhook-timestamp} (seconds) and
 * {@code webhook-signature} ({@code v1,} HMAC-SHA256 of {@code id.timestamp.body} with the hook's
 * secret). Redirects are not followed: a redirect could lead past the address checks.
 */
public final class HttpWebhookSender implements WebhookSender, AutoCloseable {
    private final HttpClient client;
    private final WebhookPayloads payloads;
    private final WebhookUrlPolicy policy;
    private final Duration timeout;
    private final Clock clock;

    public HttpWebhookSender(WebhookPayloads payloads, WebhookUrlPolicy policy, Duration connectTimeout, Duration timeout,
                             Clock clock) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.payloads = payloads;
        this.policy = policy;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public int send(Webhook hook, LoggedEvent event) throws IOException {
        return post(hook, event.event().id(), payloads.body(event));
    }

    /** A signed {@code webhook.test} message, sent now; the receiver's status. */
    public int sendTest(Webhook hook) throws IOException {
        UUID id = UUID.randomUUID();
        return post(hook, id, payloads.test(id, clock.instant()));
    }

    private int post(Webhook hook, UUID messageId, byte[] body) throws IOException {
        policy.check(hook.url());
        String id = messageId.toString();
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(hook.url()).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Pixflow-Webhooks")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", hook.secret().sign(id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
