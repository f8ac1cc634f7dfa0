package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.DueDelivery;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.domain.Webhook;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.port.WebhookSender;
import dev.pixflow.core.port.WebhookStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells webhooks what happened: fans each new event of the log out to the hooks that want it, as
 * delivery rows, then sends the due ones. A 2xx answer delivers; anything else is tried again later
 * (exponential backoff with jitter) until the last attempt, after which the delivery stays failed in
 * its log. At least once: an attempt whose outcome was not recorded (a crash, a lost lease) is made
 * again, so receivers drop repeats by the event id.
 */
public final class DispatchWebhooks {
    private static final Logger LOG = Logger.getLogger(DispatchWebhooks.class.getName());
    private static final int FAN_OUT_BATCH = 200;
    private static final int MAX_ERROR = 500;

    private final EventLog log;
    private final WebhookStore store;
    private final WebhookSender sender;
    private final Clock clock;
    private final Telemetry telemetry;
    private final WebhookSettings settings;

    public DispatchWebhooks(EventLog log, WebhookStore store, WebhookSender sender, Clock clock, Telemetry telemetry,
                            WebhookSettings settings) {
        this.log = log;
        this.store = store;
        this.sender = sender;
        this.clock = clock;
        this.telemetry = telemetry;
        this.settings = settings;
    }

    /** Fans out every event not yet fanned out; whether any hook exists, as its last look found. */
    public boolean fanOut() {
        List<Webhook> hooks = null;
        while (true) {
            long from = store.fannedOut();
            List<LoggedEvent> events = log.after(from, FAN_OUT_BATCH);
            if (events.isEmpty()) {
                return hooks == null ? anyHooks() : !hooks.isEmpty();
            }
            // Read after the events: a hook made meanwhile is either seen or too new to want them.
            hooks = store.hooks();
            List<WebhookStore.Fanned> deliveries = new ArrayList<>();
            for (LoggedEvent e : events) {
                for (Webhook hook : hooks) {
                    if (hook.wants(e.event())) {
                        deliveries.add(new WebhookStore.Fanned(hook.id(), e.sequence()));
                    }
                }
            }
            // Losing the race means another process wrote these very deliveries: read on from where it got to.
            store.fanOut(from, events.getLast().sequence(), deliveries, clock.instant());
        }
    }

    /** Whether any hook exists: with none, there is nobody to tell of an event until one is made. */
    public boolean anyHooks() {
        return !store.hooks().isEmpty();
    }

    /** Sends the deliveries due now, a batch at a time, in parallel; the number of attempts made. */
    public int deliverDue() {
        int attempts = 0;
        while (true) {
            List<DueDelivery> due = store.claim(clock.instant(), settings.lease(), settings.batch());
            if (due.isEmpty()) {
                return attempts;
            }
            try (ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor()) {
                due.forEach(d -> sends.submit(() -> attemptLogged(d)));
            }
            attempts += due.size();
        }
    }

    /** A failure to record the outcome leaves the lease to run out: the attempt is made again then. */
    private void attemptLogged(DueDelivery d) {
        try {
            attempt(d);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "recording webhook delivery " + d.id() + " failed; it is tried again after its lease", e);
        }
    }

    private void attempt(DueDelivery d) {
        int status;
        try {
            status = sender.send(d.hook(), d.event());
        } catch (Exception e) {
            failedAttempt(d, OptionalInt.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        if (status >= 200 && status < 300) {
            store.delivered(d, status, clock.instant());
            telemetry.webhookDelivery("delivered");
        } else {
            failedAttempt(d, OptionalInt.of(status), "HTTP " + status);
        }
    }

    private void failedAttempt(DueDelivery d, OptionalInt status, String error) {
        String why = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        Instant now = clock.instant();
        if (d.attempt() >= settings.maxAttempts()) {
            LOG.log(Level.WARNING, () -> "webhook " + d.hook().id() + " gave up on event " + d.event().event().id()
                    + " after " + d.attempt() + " attempts: " + why);
            store.failed(d, status, why, now);
            telemetry.webhookDelivery("failed");
        } else {
            store.retry(d, status, why, now.plus(backoff(settings.firstRetry(), d.attempt())));
            telemetry.webhookDelivery("retried");
        }
    }

    /**
     * {@code first} doubled for each attempt made, between three quarters and five quarters of that:
     * hooks that failed together (a receiver down) do not all come back at the same instant.
     */
    static Duration backoff(Duration first, int attempt) {
        long doubled = first.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() / 2;
        return Duration.ofMillis(Math.max(1, Math.round(doubled * jitter)));
    }
}
