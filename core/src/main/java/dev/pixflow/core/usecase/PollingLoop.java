package dev.pixflow.core.usecase;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs rounds of work on one platform thread: again at once while a round says more is waiting,
 * otherwise after a wake-up (work this process just made) or the poll (work other processes made, or
 * retries coming due). A failed round is told to the loop's {@link OutageLog} and waits a poll.
 */
public final class PollingLoop {

    /** One round of work; whether more is waiting, so the next round should not wait. */
    @FunctionalInterface
    public interface Round {
        boolean run() throws Exception;
    }

    private final String name;
    private final Duration poll;
    private final Round round;
    private final OutageLog failures;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public PollingLoop(String name, Duration poll, Round round, OutageLog failures) {
        this.name = name;
        this.poll = poll;
        this.round = round;
        this.failures = failures;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
    }

    /** Ends the wait before the next round; a wake-up during a round makes the next one start at once. */
    public void wake() {
        wake.release();
    }

    public boolean isRunning() {
        return running;
    }

    /** Lets the round in hand finish (waiting at most {@code grace}); false when it was not running. */
    public synchronized boolean stop(Duration grace) {
        if (!running) {
            return false;
        }
        running = false;
        wake.release();
        try {
            thread.join(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private void loop() {
        while (running) {
            boolean more = false;
            try {
                more = round.run();
                failures.succeeded();
            } catch (Exception e) {
                failures.failed(e);
            }
            if (!more) {
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
}
