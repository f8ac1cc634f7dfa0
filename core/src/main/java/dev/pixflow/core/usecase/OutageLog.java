package dev.pixflow.core.usecase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of work retried on every poll while something it needs is down (the queue, the database, a
 * stream): the first failure of an outage with its stack trace, then one line at most every
 * {@link #QUIET} saying it still fails and how often, and one when it works again. Logged at every
 * poll, an SQS outage wrote hundreds of kilobytes of stack traces a second per worker process.
 */
public final class OutageLog {
    static final Duration QUIET = Duration.ofMinutes(1);

    private final Logger log;
    private final String what;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private long failures;
    private Instant since;
    private Instant lastLogged;

    /** @param what the work, as the lines name it: "leasing a job", "relaying jobs to the queue" */
    public OutageLog(Logger log, String what) {
        this(log, what, Clock.systemUTC());
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
            failures++;
            if (failures == 1) {
                since = now;
                lastLogged = now;
                log.log(Level.WARNING, what + " failed; retrying (further failures are summed up once a minute)", e);
            } else if (!now.isBefore(lastLogged.plus(QUIET))) {
                lastLogged = now;
                log.warning(what + " still fails: " + failures + " times since " + since + "; the last: " + e);
            }
        } finally {
            lock.unlock();
        }
    }

    public void succeeded() {
        lock.lock();
        try {
            if (failures > 0) {
                log.info(what + " works again, after " + failures + " failure(s) since " + since);
                failures = 0;
            }
        } finally {
            lock.unlock();
        }
    }
}
