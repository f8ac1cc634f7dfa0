package dev.pixflow.app.health;

import dev.pixflow.app.config.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pixflow.health.*}: the checks of each role's dependencies behind {@code /actuator/health/readiness}.
 *
 * @param timeout how long one check (the bucket, the queue, the database, Kafka) may take before it
 *                counts as down; under the readiness probe's own timeout
 */
@ConfigurationProperties("pixflow.health")
public record HealthProperties(@DefaultValue("2s") Duration timeout) {
    public HealthProperties {
        // No time at all would be every dependency down, and the process never ready.
        Settings.positive("pixflow.health.timeout", timeout);
    }
}
