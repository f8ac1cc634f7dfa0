package dev.pixflow.app.webhooks;

import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.usecase.DispatchWebhooks;
import dev.pixflow.core.usecase.OutageLog;
import dev.pixflow.core.usecase.PollingLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Runs webhook dispatch on one thread while the process (with the worker role) is up: at once when
 * this process appends an event, and on a poll for other processes' events and for retries coming due.
 * Dispatchers of several processes share the work through the store's leases.
 *
 * <p>While its last look found no hook, an event of this process does not start a round: there is
 * nobody to tell, and a round per committed upload or rendition (reading the log, moving the fan-out
 * position in a write transaction) cost a busy worker a few percent of its CPU and turns at SQLite's one
 * write lock. The poll still moves the position along. A hook made through this process's API makes
 * events start rounds again at once; one made through another process is seen at the next poll, and
 * the events it wants are fanned out to it then, late but not lost.
 */
public final class WebhookDispatcher implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final DispatchWebhooks dispatch;
    private final EventLog events;
    private final PollingLoop loop;
    /** Whether the last look found a hook; written by the loop and by {@link #hookCreated()}. */
    private volatile boolean anyHooks = true;

    public WebhookDispatcher(DispatchWebhooks dispatch, EventLog events, Duration poll) {
        this.dispatch = dispatch;
        this.events = events;
        this.loop = new PollingLoop("pixflow-webhooks", poll, () -> {
            dispatchNow();
            return false;
        }, new OutageLog(WebhookDispatcher.class, "dispatching webhooks"));
        dispatch.onPlaceFreed(loop::wake);
    }

    /** One round: fan out what is new, then start sending what is due. What the loop runs. */
    public void dispatchNow() {
        anyHooks = dispatch.fanOut();
        dispatch.deliverDue();
    }

    /**
     * A hook was made in this process: its events need not wait for the poll. The wake-up makes a round
     * that looks again, in case one under way read the hooks before this one was committed and is about
     * to clear the flag.
     */
    public void hookCreated() {
        anyHooks = true;
        loop.wake();
    }

    private boolean hooksOrAssumeSome() {
        try {
            return dispatch.anyHooks();
        } catch (RuntimeException e) {
            LOG.warn("could not read the webhooks at start; events wake the dispatcher until a round reads them", e);
            return true;
        }
    }

    private void appended() {
        if (anyHooks) {
            loop.wake();
        }
    }

    @Override
    public synchronized void start() {
        if (!loop.isRunning()) {
            // Looked at before the first event can come, so the first round's timing does not decide
            // whether early events wake the loop.
            anyHooks = hooksOrAssumeSome();
            events.onAppended(this::appended);
            loop.start();
        }
    }

    /**
     * Stops after the round in hand and the sends in flight, or their timeout; a delivery cut off is
     * claimed again when its lease runs out.
     */
    @Override
    public void stop() {
        loop.stop(Duration.ofSeconds(15));
        dispatch.finish(Duration.ofSeconds(15));
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
