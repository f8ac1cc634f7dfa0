package dev.pixflow.core.usecase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of work retried on every poll while something it needs is down (the queue, the database, a
 * stream): an outage's first failure with its stack trace, then one line at most every {@link #QUIET}
 * saying it still fails and how often, and one when it works again. Nothing is logged more often than
 * that, also when failures and successes alternate (a flaky dependency): the failures not told are
 * counted into the next line. Logged at every poll, an SQS outage wrote hundreds of kilobytes of stack
 * traces a second per worker process.
 */
public final class OutageLog {
    static final Duration QUIET = Duration.ofMinutes(1);

    private final Logger log;
    private final String what;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Failures of the outage in hand: since the last success. */
    private long failures;
    private Instant since;
    /** Whether the outage in hand was told (so its end is told too). */
    private boolean told;
    /** Failures of earlier outages that no line told, counted into the next line. */
    private long untold;
    private Instant lastLogged;

    /** @param what the work, as the lines name it: "leasing a job", "relaying jobs to the queue" */
    public OutageLog(Class<?> owner, String what) {
        this(Logger.getLogger(owner.getName()), what, Clock.systemUTC());
    }

    OutageLog(Logger log, String what, Clock clock) {
        this.log = log;
        this.what = what;
        this.clock = clock;
    }

    public void failed(Throwable e) {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (failures == 0) {
                since = now;
            }
            failures++;
            if (lastLogged != null && now.isBefore(lastLogged.plus(QUIET))) {
                if (!told) {
                    untold++;
                }
                return;
            }
            lastLogged = now;
            if (told) {
                log.warning(what + " still fails: " + failures + " times since " + since + "; the last: " + e);
            } else {
                told = true;
                log.log(Level.WARNING, what + " failed; retrying (further failures are summed up once a minute"
                        + (untold > 0 ? "; " + untold + " more came and went since the last line" : "") + ")", e);
                untold = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    public void succeeded() {
        lock.lock();
        try {
            if (failures > 0 && told) {
                log.info(what + " works again, after " + failures + " failure(s) since " + since);
            }
            failures = 0;
            told = false;
        } finally {
            lock.unlock();
        }
    }
}
