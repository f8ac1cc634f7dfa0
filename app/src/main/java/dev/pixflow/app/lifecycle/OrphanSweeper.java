package dev.pixflow.app.lifecycle;

import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.usecase.SweepOrphans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs the orphan sweep on a timer in the worker role. Sweeps in several workers may overlap: each drop
 * re-checks in its own transaction, and deleting what another sweep deleted does nothing.
 */
public class OrphanSweeper extends PeriodicSweeper<SweepOrphans.Swept> {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);

    private final SweepOrphans sweep;

    public OrphanSweeper(SweepOrphans sweep, Duration interval, SweepTurns turns, Clock clock) {
        super("orphan-sweeper", interval, turns, clock);
        this.sweep = sweep;
    }

    /** One full pass now; what it deleted, empty when it failed. */
    public Optional<SweepOrphans.Swept> sweepNow() {
        return passNow();
    }

    @Override
    protected SweepOrphans.Swept pass() throws Exception {
        SweepOrphans.Swept swept = sweep.sweep();
        if (swept.total() > 0) {
            LOG.info("deleted {} orphaned originals and the renditions of {} images that no longer exist",
                    swept.originals(), swept.renditionSets());
        }
        return swept;
    }
}
