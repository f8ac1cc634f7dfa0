package dev.pixflow.app.retention;

import dev.pixflow.app.lifecycle.PeriodicSweeper;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.usecase.PruneHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Prunes the event log, webhook delivery logs and ingested-record marks on a timer in worker processes;
 * {@code pixflow_history_pruned_total{table}} counts the rows deleted.
 */
public class HistorySweeper extends PeriodicSweeper<PruneHistory.Pruned> {
    private static final Logger LOG = LoggerFactory.getLogger(HistorySweeper.class);

    private final PruneHistory prune;
    private final Counter events;
    private final Counter deliveries;
    private final Counter marks;

    public HistorySweeper(PruneHistory prune, Duration interval, MeterRegistry registry, SweepTurns turns, Clock clock) {
        super("history-sweeper", interval, turns, clock);
        this.prune = prune;
        this.events = pruned(registry, "events");
        this.deliveries = pruned(registry, "webhook_deliveries");
        this.marks = pruned(registry, "ingested_records");
    }

    /** One full pass now; empty when it failed. */
    public Optional<PruneHistory.Pruned> sweepNow() {
        return passNow();
    }

    @Override
    protected PruneHistory.Pruned pass() {
        PruneHistory.Pruned pruned = prune.prune();
        events.increment(pruned.events());
        deliveries.increment(pruned.deliveries());
        marks.increment(pruned.marks());
        if (pruned.total() > 0) {
            LOG.info("pruned {} events, {} webhook deliveries and {} ingested-record marks past their retention",
                    pruned.events(), pruned.deliveries(), pruned.marks());
        }
        return pruned;
    }

    private static Counter pruned(MeterRegistry registry, String table) {
        return Counter.builder("pixflow.history.pruned").description("rows of the history tables deleted past their retention")
                .tag("table", table).register(registry);
    }
}
