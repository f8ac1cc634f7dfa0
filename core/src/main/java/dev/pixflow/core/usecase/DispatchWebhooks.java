package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.DueDelivery;
import dev.pixflow.core.domain.HookShares;
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
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
    private final Semaphore places;
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();
    /** Whether the last look found places short: a send's end should then start another round. */
    private volatile boolean placesShort;
    private volatile Runnable wake = () -> { };

    public DispatchWebhooks(EventLog log, WebhookStore store, WebhookSender sender, Clock clock, Telemetry telemetry,
                            WebhookSettings settings) {
        this.log = log;
        this.store = store;
        this.sender = sender;
        this.clock = clock;
        this.telemetry = telemetry;
        this.settings = settings;
        this.places = new Semaphore(settings.batch());
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

    /**
     * Starts sending the deliveries due now, as many as there are free places in flight, at most
     * {@code perHook} to any one hook; the number of attempts started. Each send runs on its own, so a
     * receiver that answers slowly, or not at all, holds its own places until its timeout. When every
     * place is held (as many receivers that hang as the places allow), a hook with nothing in flight
     * still gets one send beyond them: the hooks that answer are never held behind those that do not,
     * and what is in flight stays within the places and one a hook. When places were short, the end of
     * a send calls the wake-up given to {@link #onPlaceFreed}, so what is left is claimed at once
     * rather than at the next poll.
     */
    public int deliverDue() {
        int started = 0;
        // Finished: a claim now would count an attempt that no send makes.
        while (!sends.isShutdown()) {
            // Said short first, so a send that ends while the places are counted wakes the next round;
            // then what the count found. Only this thread takes places: what it sees free stays free.
            placesShort = true;
            int free = places.availablePermits();
            Map<String, Integer> busy = Map.copyOf(inFlight);
            placesShort = free == 0 || !new HookShares(settings.perHook(), busy).full().isEmpty();
            if (free == 0) {
                // One each for the hooks with none in flight: a share of one leaves out every busy hook.
                List<DueDelivery> idle = store.claim(clock.instant(), settings.lease(), settings.batch(), 1, busy);
                idle.forEach(d -> start(d, false));
                return started + idle.size();
            }
            List<DueDelivery> due = store.claim(clock.instant(), settings.lease(), free, settings.perHook(), busy);
            if (due.isEmpty()) {
                return started;
            }
            due.forEach(d -> start(d, true));
            started += due.size();
        }
        return started;
    }

    /** Called when a send ends while places were short: the dispatcher's wake-up. */
    public void onPlaceFreed(Runnable wake) {
        this.wake = wake;
    }

    /** Waits up to {@code grace} for the sends in flight; one cut off is claimed again after its lease. */
    public void finish(Duration grace) {
        sends.shutdown();
        try {
            if (!sends.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                sends.shutdownNow();
            }
        } catch (InterruptedException e) {
            sends.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Sends on one of the places, or ({@code onPlace} false) on an idle hook's one beyond them. */
    private void start(DueDelivery d, boolean onPlace) {
        String hook = d.hook().id();
        if (onPlace) {
            places.acquireUninterruptibly();
        }
        inFlight.merge(hook, 1, Integer::sum);
        try {
            sends.execute(() -> {
                try {
                    attemptLogged(d);
                } finally {
                    free(hook, onPlace);
                    if (placesShort) {
                        wake.run();
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            // Stopping: the claim's lease runs out and another round, here or elsewhere, makes the attempt.
            free(hook, onPlace);
        }
    }

    private void free(String hook, boolean onPlace) {
        inFlight.computeIfPresent(hook, (k, n) -> n > 1 ? n - 1 : null);
        if (onPlace) {
            places.release();
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
            if (Thread.currentThread().isInterrupted()) {
                // Cut off by the process stopping, not failed by the receiver: nothing is recorded against
                // it, and once the lease runs out another attempt is made, here or by another process.
                return;
            }
            failedAttempt(d, OptionalInt.empty(), failure(e));
            return;
        }
        if (status >= 200 && status < 300) {
            store.delivered(d, status, clock.instant());
            telemetry.webhookDelivery("delivered");
        } else {
            failedAttempt(d, OptionalInt.of(status), "HTTP " + status);
        }
    }

    /**
     * How an attempt that got no answer failed, for the delivery log and the admin API's test: the
     * exception's name and the first message along its causes (an HTTP client's ConnectException has
     * none of its own; the system's "Connection refused" is its cause's).
     */
    public static String failure(Exception e) {
        String name = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return name + ": " + t.getMessage();
            }
        }
        return name;
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
