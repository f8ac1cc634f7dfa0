package dev.pixflow.app.webhooks;

import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.usecase.DispatchWebhooks;
import dev.pixflow.core.usecase.PollingLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Runs webhook dispatch on one thread while the process (with the worker role) is up: at once when
 * this process appends an event, and on a poll for other processes' events and for retries coming due.
 * Dispatchers of several processes share the work through the store's leases.
 */
public final class WebhookDispatcher implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final DispatchWebhooks dispatch;
    private final EventLog events;
    private final PollingLoop loop;

    public WebhookDispatcher(DispatchWebhooks dispatch, EventLog events, Duration poll) {
        this.dispatch = dispatch;
        this.events = events;
        this.loop = new PollingLoop("pixflow-webhooks", poll, () -> {
            dispatchNow();
            return false;
        }, e -> LOG.warn("dispatching webhooks failed; the next round tries again", e));
    }

    /** One round: fan out what is new, then send what is due. What the loop runs. */
    public void dispatchNow() {
        dispatch.fanOut();
        dispatch.deliverDue();
    }

    @Override
    public synchronized void start() {
        if (!loop.isRunning()) {
            events.onAppended(loop::wake);
            loop.start();
        }
    }

    /** Stops after the round in hand; a delivery cut off is claimed again when its lease runs out. */
    @Override
    public void stop() {
        loop.stop(Duration.ofSeconds(15));
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
