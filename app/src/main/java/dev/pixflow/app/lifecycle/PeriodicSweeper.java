package dev.pixflow.app.lifecycle;

import dev.pixflow.core.port.SweepTurns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A sweep run once an interval across every process that has it, while they are up. Each process asks
 * the catalogue's {@link SweepTurns} every {@link #checkEvery tenth of the interval} whether the sweep is
 * due and runs it only when it takes the turn: the schedule outlives any process, so workers that come
 * and go with the queue's depth, or a deploy every few minutes, still sweep once an hour, and ten
 * processes list a bucket once an hour rather than ten times. One thread, so runs never overlap in a
 * process; a run can still meet one of another process that took the turn after it (a pass longer than
 * the interval), which every sweep tolerates. A failed run is logged and the next turn tries again.
 *
 * @param <R> what one pass did
 */
public abstract class PeriodicSweeper<R> implements SmartLifecycle {
    /** A fleet started at once spreads its first checks over this, and a process asks this soon after its start. */
    private static final Duration FIRST_CHECK_WITHIN = Duration.ofSeconds(5);

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final Duration interval;
    private final SweepTurns turns;
    private final Clock clock;
    private ScheduledExecutorService timer;

    /**
     * @param name     the timer thread's name, the sweep's in log lines, and its turn's in the catalogue
     * @param interval between passes, across all processes; none (or zero) turns the sweep off here
     * @param turns    where the processes keep when the sweep last had its turn
     */
    protected PeriodicSweeper(String name, Duration interval, SweepTurns turns, Clock clock) {
        this.name = name;
        this.interval = interval == null ? Duration.ZERO : interval;
        this.turns = turns;
        this.clock = clock;
    }

    /** One full pass, reporting what it did. */
    protected abstract R pass() throws Exception;

    /** One full pass now: what the timer runs, and what tests call instead of waiting for it. Empty when it failed. */
    protected final Optional<R> passNow() {
        try {
            return Optional.of(pass());
        } catch (Exception e) {
            log.warn("{} failed; the next run tries again", name, e);
            return Optional.empty();
        }
    }

    /** With no interval (zero or negative) nothing is scheduled: the sweep is turned off. */
    @Override
    public synchronized void start() {
        if (!interval.isPositive()) {
            log.info("{} off: no interval", name);
            return;
        }
        long check = checkEvery(interval).toMillis();
        long first = ThreadLocalRandom.current().nextLong(Math.min(check, FIRST_CHECK_WITHIN.toMillis()) + 1);
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        timer.scheduleWithFixedDelay(this::passIfDue, first, check, TimeUnit.MILLISECONDS);
    }

    /**
     * How often a process asks whether the sweep is due: a tenth of the interval (a pass starts at most
     * that late), at least every minute and at most every 10 ms. A question is one read by key.
     */
    static Duration checkEvery(Duration interval) {
        Duration tenth = interval.dividedBy(10);
        Duration atMost = Duration.ofMinutes(1);
        Duration atLeast = Duration.ofMillis(10);
        return tenth.compareTo(atMost) > 0 ? atMost : tenth.compareTo(atLeast) < 0 ? atLeast : tenth;
    }

    private void passIfDue() {
        boolean due;
        try {
            due = turns.take(name, clock.instant(), interval);
        } catch (RuntimeException e) {
            log.warn("{} could not tell whether it is due; the next check asks again", name, e);
            return;
        }
        if (due) {
            passNow();
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
