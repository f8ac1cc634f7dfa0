package dev.pixflow.core.domain;

import java.time.Duration;

/**
 * A render ran past its {@link Deadline} and was stopped: a worker's job fails (and is retried or
 * dead-lettered), a request gets a 503 problem. Nothing it wrote is kept.
 */
public class DeadlineExceededException extends RuntimeException {
    private final Duration limit;

    /** {@code where}: the step the render was stopped at, for people reading the message. */
    public DeadlineExceededException(Duration limit, String where) {
        super("the render passed its deadline of " + describe(limit) + " and was stopped at " + where);
        this.limit = limit;
    }

    /** {@code cause}: how the step failed when it was stopped in the middle. */
    public DeadlineExceededException(Duration limit, String where, Throwable cause) {
        this(limit, where);
        initCause(cause);
    }

    public Duration limit() {
        return limit;
    }

    private static String describe(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }
}
