package dev.pixflow.app.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pixflow.retention.*}: how the history sweeper runs. What it keeps is set beside each table:
 * {@code pixflow.events.retention}, {@code pixflow.webhooks.delivery-log-retention},
 * {@code pixflow.ingest.kafka.marks-retention}.
 *
 * @param sweepInterval how often the history tables are pruned, once for all worker processes
 * @param sweepBatch    rows deleted per statement
 */
@ConfigurationProperties("pixflow.retention")
public record RetentionProperties(@DefaultValue("10m") Duration sweepInterval, @DefaultValue("500") int sweepBatch) {
}
