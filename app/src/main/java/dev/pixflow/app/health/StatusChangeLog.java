package dev.pixflow.app.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A dependency's check that says in the log when it goes down, and why, and when it is back: readiness
 * answers without its errors (they are no business of the network), so the log is where an operator
 * finds them. Once per change, not per probe.
 */
final class StatusChangeLog implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(StatusChangeLog.class);

    private final String name;
    private final HealthIndicator check;
    private final AtomicReference<Status> last = new AtomicReference<>(Status.UP);

    StatusChangeLog(String name, HealthIndicator check) {
        this.name = name;
        this.check = check;
    }

    @Override
    public Health health() {
        Health health = check.health();
        Status before = last.getAndSet(health.getStatus());
        if (!health.getStatus().equals(before)) {
            if (Status.UP.equals(health.getStatus())) {
                LOG.info("dependency {} is up again", name);
            } else {
                LOG.warn("dependency {} is {}: {}", name, health.getStatus(), health.getDetails().getOrDefault("error", "no detail"));
            }
        }
        return health;
    }
}
