package dev.pixflow.app.analytics;

import dev.pixflow.core.domain.AnalyticsFormat;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The analytics export and the admin statistics ({@code pixflow.analytics.*}).
 *
 * @param exportInterval  how often yesterday and today are exported, once for all worker processes; 0 or empty: never
 * @param format          the scheduled export's format, and the command's unless it says otherwise
 * @param duckdbMemory    DuckDB's memory limit while writing one file; a larger day spills to disk
 * @param page            records or events read per query while exporting
 * @param statsMaxEvents  events of the window read for the render time percentiles (and for the admin page's
 *                        last minutes), at most
 * @param statsTopTags    tags listed by the statistics
 */
@ConfigurationProperties("pixflow.analytics")
public record AnalyticsProperties(@DefaultValue("1h") Duration exportInterval,
                                  @DefaultValue("parquet") String format,
                                  @DefaultValue("256MB") String duckdbMemory,
                                  @DefaultValue("1000") int page,
                                  @DefaultValue("100000") int statsMaxEvents,
                                  @DefaultValue("10") int statsTopTags) {

    public AnalyticsFormat exportFormat() {
        return AnalyticsFormat.parse(format);
    }
}
