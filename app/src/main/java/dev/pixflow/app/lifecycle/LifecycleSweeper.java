package dev.pixflow.app.lifecycle;

import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.usecase.ExpireImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/** Runs the lifecycle sweeper (expired images) on a timer while the server is up. */
public class LifecycleSweeper extends PeriodicSweeper<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleSweeper.class);

    private final ExpireImages sweeper;

    public LifecycleSweeper(ExpireImages sweeper, Duration interval, SweepTurns turns, Clock clock) {
        super("lifecycle-sweeper", interval, turns, clock);
        this.sweeper = sweeper;
    }

    /** One full pass now; the images removed (0 when it failed). */
    public int sweepNow() {
        return passNow().orElse(0);
    }

    @Override
    protected Integer pass() throws Exception {
        int n = sweeper.sweep();
        if (n > 0) {
            LOG.info("removed {} expired images", n);
        }
        return n;
    }
}
