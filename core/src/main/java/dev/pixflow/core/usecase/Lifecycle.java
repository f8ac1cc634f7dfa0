package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Instants;
import dev.pixflow.core.media.InvalidInputException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long images live: {@code defaultTtl} (none: for ever) unless an image says otherwise. Expiry
 * exists for privacy, so an expiry asked for must be in the future: one in the past would make an image
 * that is gone before anyone could see it.
 */
public record Lifecycle(Optional<Duration> defaultTtl) {
    public static final Lifecycle FOREVER = new Lifecycle(Optional.empty());

    public Lifecycle {
        defaultTtl.ifPresent(ttl -> {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("pixflow.lifecycle.default-ttl must be positive: " + ttl);
            }
        });
    }

    /** When an image uploaded at {@code now} expires: what was asked for, else the default. */
    public Optional<Instant> expiryOf(Instant now, Optional<Instant> asked) {
        asked.ifPresent(at -> requireFuture(at, now));
        return asked.or(() -> defaultTtl.map(now::plus));
    }

    public static void requireFuture(Instant at, Instant now) {
        if (!at.isAfter(now)) {
            throw new InvalidInputException("expiresAt", "must be in the future");
        }
        if (at.isAfter(Instants.LAST)) {
            throw new InvalidInputException("expiresAt", "must be before the year 10000");
        }
    }

    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
