package dev.pixflow.core.usecase;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DispatchWebhooksBackoffTest {

    @Test
    void theWaitDoublesPerAttemptWithinAQuarterEitherWay() {
        Duration first = Duration.ofSeconds(10);
        for (int attempt = 1; attempt <= 13; attempt++) {
            long doubled = 10_000L << (attempt - 1);
            for (int i = 0; i < 50; i++) {
                long wait = DispatchWebhooks.backoff(first, attempt).toMillis();
                assertThat(wait).as("attempt " + attempt).isBetween(doubled * 3 / 4, doubled * 5 / 4);
            }
        }
    }

    @Test
    void waitsAreSpreadSoHooksThatFailedTogetherDoNotReturnTogether() {
        Set<Duration> waits = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            waits.add(DispatchWebhooks.backoff(Duration.ofSeconds(10), 3));
        }
        assertThat(waits).hasSizeGreaterThan(10);
    }
}
