package dev.pixflow.app.retention;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.events.stream.EventStreamProperties;
import dev.pixflow.app.ingest.IngestProperties;
import dev.pixflow.app.webhooks.WebhookProperties;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.port.WebhookStore;
import dev.pixflow.core.usecase.HistoryRetention;
import dev.pixflow.core.usecase.PruneHistory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Retention of the history tables, pruned by worker processes (the role that already reads the log for
 * webhooks, streams and the analytics export). A retention shorter than the rules allow (events under
 * 2 days) stops the process at start rather than pruning what a reader still needs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(Role.WORKER)
public class RetentionWiring {

    @Bean
    HistoryRetention historyRetention(EventStreamProperties events, WebhookProperties webhooks, IngestProperties ingest) {
        try {
            return new HistoryRetention(events.retention(), webhooks.deliveryLogRetention(), ingest.marksRetention());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("pixflow.events.retention, pixflow.webhooks.delivery-log-retention or"
                    + " pixflow.ingest.kafka.marks-retention refused: " + e.getMessage(), e);
        }
    }

    @Bean
    PruneHistory pruneHistory(EventLog log, WebhookStore webhooks, EventCursors cursors, IngestedRecords marks, Clock clock,
                              HistoryRetention retention, RetentionProperties props) {
        return new PruneHistory(log, webhooks, cursors, marks, clock, retention, props.sweepBatch());
    }

    @Bean
    HistorySweeper historySweeper(PruneHistory prune, RetentionProperties props, MeterRegistry registry, SweepTurns turns, Clock clock) {
        return new HistorySweeper(prune, props.sweepInterval(), registry, turns, clock);
    }
}
