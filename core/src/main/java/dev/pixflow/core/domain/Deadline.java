package dev.pixflow.core.domain;

import java.time.Duration;

/**
 * When a render must be done by: {@code limit} after it started, on the monotonic clock (a wall
 * clock set back or forward changes nothing). A render checks it between its steps, as imgproxy
 * does, and stops with {@link DeadlineExceededException} once it has passed.
 *
 * @param limit      how long the work may take
 * @param startNanos {@link System#nanoTime()} when it started
 */
public record Deadline(Duration limit, long startNanos) {

    public Deadline {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a deadline needs a positive limit, not " + limit);
        }
    }

    /** A deadline {@code limit} from now. */
    public static Deadline after(Duration limit) {
        return new Deadline(limit, System.nanoTime());
    }

    /** {@link System#nanoTime()} at the deadline. */
    public long endNanos() {
        return startNanos + limit.toNanos();
    }

    public boolean passed() {
        return System.nanoTime() - endNanos() >= 0;
    }

    /** Throws {@link DeadlineExceededException} when the deadline has passed, naming the step about to start. */
    public void check(String next) {
        if (passed()) {
            throw new DeadlineExceededException(limit, next);
        }
    }
}
