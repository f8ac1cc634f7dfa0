package dev.pixflow.app.webhooks;

import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.usecase.DispatchWebhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs webhook dispatch on one thread while the process (with the worker role) is up: at once when
 * this process appends an event, and on a poll for other processes' events and for retries coming due.
 * Dispatchers of several processes share the work through the store's leases.
 */
public final class WebhookDispatcher implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final DispatchWebhooks dispatch;
    private final EventLog events;
    private final Duration poll;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean signalled;
    private volatile boolean running;
    private Thread thread;

    public WebhookDispatcher(DispatchWebhooks dispatch, EventLog events, Duration poll) {
        this.dispatch = dispatch;
        this.events = events;
        this.poll = poll;
    }

    /** One round: fan out what is new, then send what is due. What the loop runs. */
    public void dispatchNow() {
        dispatch.fanOut();
        dispatch.deliverDue();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        events.onAppended(this::wake);
        thread = Thread.ofPlatform().daemon().name("pixflow-webhooks").start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                dispatchNow();
            } catch (RuntimeException e) {
                LOG.warn("dispatching webhooks failed; the next round tries again", e);
            }
            await();
        }
    }

    private void await() {
        lock.lock();
        try {
            if (!signalled && running) {
                signal.await(poll.toMillis(), TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            signalled = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops after the round in hand; a delivery cut off is claimed again when its lease runs out. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
