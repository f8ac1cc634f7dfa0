package dev.pixflow.app.analytics;

import dev.pixflow.adapter.analytics.DuckDbAnalyticsWriter;
import dev.pixflow.app.events.stream.EventStreamProperties;
import dev.pixflow.core.port.AnalyticsWriter;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.CatalogueExport;
import dev.pixflow.core.port.CatalogueStatistics;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.usecase.ExportAnalytics;
import dev.pixflow.core.usecase.ImageStatistics;
import dev.pixflow.core.usecase.RecentActivity;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The analytics export and the admin statistics: the catalogue's reads in whichever database holds it,
 * the DuckDB file writer, and the two use cases. Used by the server and by the {@code export} command.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AnalyticsProperties.class, EventStreamProperties.class})
public class AnalyticsWiring {

    @Bean
    AnalyticsWriter analyticsWriter(AnalyticsProperties props) {
        return new DuckDbAnalyticsWriter(props.duckdbMemory());
    }

    @Bean
    ExportAnalytics exportAnalytics(CatalogueExport catalogue, EventLog events, AnalyticsWriter writer, BlobStore blobs,
                                    Clock clock, AnalyticsProperties props, EventStreamProperties eventLog) {
        // Checked at start, so a misspelt format fails the process rather than every scheduled run.
        props.exportFormat();
        return new ExportAnalytics(catalogue, events, writer, blobs, clock, props.page(), eventLog.retention());
    }

    @Bean
    ImageStatistics imageStatistics(CatalogueStatistics catalogue, EventLog events, Clock clock, AnalyticsProperties props) {
        return new ImageStatistics(catalogue, events, clock, props.statsMaxEvents(), props.statsTopTags());
    }

    @Bean
    RecentActivity recentActivity(EventLog events, Clock clock, AnalyticsProperties props) {
        return new RecentActivity(events, clock, props.statsMaxEvents());
    }
}
