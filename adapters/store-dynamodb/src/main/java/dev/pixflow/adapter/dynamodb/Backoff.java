package dev.pixflow.adapter.dynamodb;

import java.time.Duration;

/**
 * Waiting for another process's hold on an item (a removal, a deletion of bytes) to end: DynamoDB has
 * no lock to wait on, so the waiter reads again after a pause that grows to a cap, until a deadline
 * past the hold's longest lease.
 */
final class Backoff {
    private static final long MAX_PAUSE_MS = 50;

    private final long deadline;
    private long pause = 2;

    Backoff(Duration within) {
        this.deadline = System.nanoTime() + within.toNanos();
    }

    /** Pauses; false (without pausing) once the deadline has passed. */
    boolean pause() {
        if (System.nanoTime() > deadline) {
            return false;
        }
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the catalogue", e);
        }
        pause = Math.min(MAX_PAUSE_MS, pause * 2);
        return true;
    }
}
