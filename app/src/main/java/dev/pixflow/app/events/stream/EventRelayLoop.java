package dev.pixflow.app.events.stream;

import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.usecase.OutageLog;
import dev.pixflow.core.usecase.PollingLoop;
import dev.pixflow.core.usecase.RelayEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Runs one destination's relay on a thread while the process is up: at once after this process
 * appends events, on a poll for other processes' events, and again without waiting while batches keep
 * coming. A failed publish waits a poll and is tried again from the same cursor.
 */
public final class EventRelayLoop implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EventRelayLoop.class);

    private final RelayEvents relay;
    private final EventLog events;
    private final Counter published;
    private final PollingLoop loop;

    /** Counts {@code pixflow_events_published_total{destination}}. */
    public EventRelayLoop(RelayEvents relay, EventLog events, Duration poll, MeterRegistry registry, String destination) {
        this.relay = relay;
        this.events = events;
        this.published = Counter.builder("pixflow.events.published").description("Events published to a stream")
                .tag("destination", destination).register(registry);
        this.loop = new PollingLoop("pixflow-events-" + relay.cursor(), poll, () -> {
            int count = relay.relayOnce();
            published.increment(count);
            return count > 0;
        }, new OutageLog(EventRelayLoop.class, "publishing events to " + relay.cursor() + " (from the same place each time)"));
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
        if (!loop.isRunning()) {
            events.onAppended(loop::wake);
            loop.start();
        }
    }

    /** Finishes the batch in hand, then gives the cursor up so another process goes on at once. */
    @Override
    public void stop() {
        if (!loop.stop(Duration.ofSeconds(30))) {
            return;
        }
        try {
            relay.release();
        } catch (RuntimeException e) {
            LOG.warn("releasing the {} cursor failed; another process takes it when the lease runs out", relay.cursor(), e);
        }
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
