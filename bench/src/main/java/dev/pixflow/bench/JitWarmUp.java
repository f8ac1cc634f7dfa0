package dev.pixflow.bench;

import java.util.concurrent.TimeUnit;

/**
 * How long a server's extra warm-up took, and its JIT compilers' share of its CPU in the last turn:
 * the benchmarks that time a server against a warmed-up anchor wait for its compilers to settle first,
 * as a server running for long has.
 */
record JitWarmUp(int seconds, double jitShare, boolean settled) {
    /** Settled: the JIT compilers' share of the server's CPU, in each of two turns in a row, below this. */
    static final double SETTLED_SHARE = 0.01;

    /** One turn of load on the server; answers its JIT compilers' share of its CPU in that turn. */
    interface Turn {
        double jitShare() throws Exception;
    }

    /**
     * Runs turns until the JIT's share stayed below {@link #SETTLED_SHARE} for two turns in a row (C2's
     * work comes in bursts), or {@code maxSeconds} are up.
     */
    static JitWarmUp until(Turn turn, int maxSeconds) throws Exception {
        long start = System.nanoTime();
        int quietTurns = 0;
        double share;
        long seconds;
        do {
            share = turn.jitShare();
            quietTurns = share < SETTLED_SHARE ? quietTurns + 1 : 0;
            seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        } while (quietTurns < 2 && seconds < maxSeconds);
        return new JitWarmUp((int) seconds, share, quietTurns >= 2);
    }

    String described() {
        return (settled ? "it took %d s more, and %.1f %% in the last turn"
                : "not reached in %d s: %.1f %% in the last turn").formatted(seconds, 100 * jitShare);
    }
}
