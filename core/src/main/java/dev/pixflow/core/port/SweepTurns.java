package dev.pixflow.core.port;

import java.time.Duration;
import java.time.Instant;

/**
 * When each periodic sweep (expired images, orphans, expired uploads, history, the analytics export) last
 * had its turn, kept in the catalogue every process shares. The schedule then belongs to the fleet, not to a
 * process: a sweep runs once an interval however many processes could run it, and one that came due
 * while no process lived long enough to reach it (workers scaled on the queue's depth, frequent deploys)
 * runs as soon as one checks, instead of one interval after each start, which could be never.
 */
public interface SweepTurns {

    /**
     * Takes the sweep's turn if one {@code interval} has passed since its last turn was taken, by any
     * process: the turn is then taken at {@code now}. Of processes that find the same last turn, exactly
     * one takes the next, whatever their clocks read; a process whose clock is behind or ahead by less
     * than an interval takes no turn just taken. A sweep never seen before is taken as if its last turn
     * were {@code now} (first due one interval later). An interval changed since counts from the last turn.
     *
     * @return true when the caller has the turn and runs the sweep
     */
    boolean take(String sweep, Instant now, Duration interval);
}
