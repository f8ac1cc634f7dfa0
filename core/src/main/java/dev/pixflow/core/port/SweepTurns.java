package dev.pixflow.core.port;

import java.time.Duration;
import java.time.Instant;

/**
 * When each periodic sweep (expired images, orphans, expired uploads, history, the analytics export) is
 * next due, kept in the catalogue every process shares. The schedule then belongs to the fleet, not to a
 * process: a sweep runs once an interval however many processes could run it, and one that came due
 * while no process lived long enough to reach it (workers scaled on the queue's depth, frequent deploys)
 * runs as soon as one checks, instead of one interval after each start, which could be never.
 */
public interface SweepTurns {

    /**
     * Takes the sweep's turn if it is due at {@code now}: it is then next due one {@code interval} from
     * {@code now}, and no call (of this process or another) takes it before that. A sweep never seen
     * before is first due one interval from now, as if it had just run. One due further ahead than one
     * interval (the interval was shortened since) is due now.
     *
     * @return true when the caller has the turn and runs the sweep
     */
    boolean take(String sweep, Instant now, Duration interval);
}
