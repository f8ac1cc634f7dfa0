package dev.pixflow.app.webhooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pixflow.webhooks.*}: telling receivers over HTTP what happened to images.
 *
 * @param enabled        run the dispatcher in this process (it runs only with the worker role)
 * @param poll           how often the dispatcher looks for events of other processes, hooks made in other
 *                       processes and retries due
 * @param firstRetry     the wait after a first failed attempt, doubled after each further one
 * @param maxAttempts    then the delivery is failed; 14 from 10 s spreads retries over about 23 hours
 * @param batch          deliveries in flight at once from one dispatcher; each runs on its own, so a slow
 *                       receiver holds only its own; when receivers that hang hold them all, a hook with
 *                       none in flight still gets one more
 * @param perHook        of those, to any one hook: a receiver that hangs holds no more places than this, and
 *                       the other hooks' deliveries go on
 * @param timeout        one request, the whole answer included (a receiver that trickles its body is cut off)
 * @param connectTimeout one connection
 * @param apiBaseUrl     where this API is reached, for the {@code urls.image} of payloads; default
 *                       {@code http://localhost:<port>}
 * @param deliveryLogRetention delivered and failed deliveries older than this are pruned; pending ones never
 */
@ConfigurationProperties("pixflow.webhooks")
public record WebhookProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2s") Duration poll,
                                @DefaultValue("10s") Duration firstRetry, @DefaultValue("14") int maxAttempts,
                                @DefaultValue("16") int batch, @DefaultValue("4") int perHook,
                                @DefaultValue("10s") Duration timeout,
                                @DefaultValue("5s") Duration connectTimeout, String apiBaseUrl,
                                @DefaultValue("30d") Duration deliveryLogRetention) {
}
