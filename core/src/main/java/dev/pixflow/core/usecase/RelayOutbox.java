package dev.pixflow.core.usecase;

import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.port.Outbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves committed jobs from the catalogue's outbox to the job queue, on one thread: at once when a
 * commit signals, and on a poll for jobs committed by processes that died before relaying them.
 */
public final class RelayOutbox implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RelayOutbox.class.getName());
    private static final int BATCH = 10;

    private final Outbox outbox;
    private final JobQueue queue;
    private final Duration poll;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean signalled;
    private volatile boolean running;
    private Thread thread;

    public RelayOutbox(Outbox outbox, JobQueue queue, Duration poll) {
        this.outbox = outbox;
        this.queue = queue;
        this.poll = poll;
    }

    /** Relays until the outbox is empty; the number of jobs relayed. */
    public int relayWaiting() {
        int total = 0;
        int n;
        do {
            n = outbox.drain(BATCH, queue::enqueueAll);
            total += n;
        } while (n == BATCH);
        return total;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        outbox.onWaiting(this::wake);
        thread = Thread.ofPlatform().daemon().name("pixflow-outbox-relay").start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                relayWaiting();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "relaying jobs to the queue failed; the jobs stay in the outbox and are retried", e);
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

    /** Stops after the batch in hand; what is still waiting is relayed by the next process to start. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
