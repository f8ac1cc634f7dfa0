package dev.pixflow.app.webhooks;

import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.domain.Webhook;
import dev.pixflow.core.port.WebhookSender;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        // Milliseconds, as the stored events' times are.
        return post(hook, id, payloads.test(id, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    private int post(Webhook hook, UUID messageId, byte[] body) throws IOException {
        policy.check(hook.url());
        String id = messageId.toString();
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(hook.url()).timeout(timeout).version(version(hook.url()))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Pixflow-Webhooks")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", hook.secret().sign(id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        // The request's own timeout ends when the answer's headers come; a receiver that then trickles
        // its body would hold the send, and its place, for as long as it likes.
        CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no whole answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * HTTP/1.1 over plain http: the client's default would offer every receiver an upgrade to cleartext
     * HTTP/2 (h2c), which few speak and some refuse. Over https HTTP/2 is agreed in the handshake.
     */
    private static HttpClient.Version version(URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
