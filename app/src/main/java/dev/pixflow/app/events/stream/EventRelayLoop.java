package dev.pixflow.app.events.stream;

import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.usecase.RelayEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs one destination's relay on a thread while the process is up: at once after this process
 * appends events, on a poll for other processes' events, and again without waiting while batches keep
 * coming. A failed publish waits a poll and is tried again from the same cursor.
 */
public final class EventRelayLoop implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EventRelayLoop.class);

    private final RelayEvents relay;
    private final EventLog events;
    private final Duration poll;
    private final Counter published;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    /** Counts {@code pixflow_events_published_total{destination}}. */
    public EventRelayLoop(RelayEvents relay, EventLog events, Duration poll, MeterRegistry registry, String destination) {
        this.relay = relay;
        this.events = events;
        this.poll = poll;
        this.published = Counter.builder("pixflow.events.published").description("Events published to a stream")
                .tag("destination", destination).register(registry);
    }

    /** This process among others holding cursors: host, pid and a random part (pids repeat across hosts and restarts). */
    public static String processHolder() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        events.onAppended(wake::release);
        thread = Thread.ofPlatform().daemon().name("pixflow-events-" + relay.cursor()).start(this::loop);
    }

    private void loop() {
        while (running) {
            int count = 0;
            try {
                count = relay.relayOnce();
                published.increment(count);
            } catch (Exception e) {
                LOG.warn("publishing events to {} failed; trying again from the same place", relay.cursor(), e);
            }
            if (count == 0) {
                try {
                    wake.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Finishes the batch in hand, then gives the cursor up so another process goes on at once. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wake.release();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            relay.release();
        } catch (RuntimeException e) {
            LOG.warn("releasing the {} cursor failed; another process takes it when the lease runs out", relay.cursor(), e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
