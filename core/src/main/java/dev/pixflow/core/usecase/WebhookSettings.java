package dev.pixflow.core.usecase;

import java.time.Duration;

/**
 * How webhooks are delivered. Retries wait {@code firstRetry}, doubling each time (with jitter), until
 * {@code maxAttempts} attempts were made: 10 s and 14 attempts spread them over about 23 hours.
 *
 * @param batch       deliveries in flight at once, from one dispatcher
 * @param perHook     of those, to any one hook: a receiver that hangs holds no more than this many
 * @param lease       how long a claimed delivery is this process's; longer than a send's timeout
 */
public record WebhookSettings(Duration firstRetry, int maxAttempts, int batch, int perHook, Duration lease) {
    public WebhookSettings {
        if (firstRetry.isNegative() || firstRetry.isZero()) {
            throw new IllegalArgumentException("the first retry's delay must be positive");
        }
        if (maxAttempts < 1 || batch < 1 || perHook < 1) {
            throw new IllegalArgumentException("attempts, batch and per-hook must be positive");
        }
    }
}
