package dev.pixflow.app.analytics;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.usecase.ExportAnalytics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The hourly export runs where the renders run: in processes with the worker role, never in the API tier. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(Role.WORKER)
public class ScheduledExportWiring {

    @Bean
    ScheduledExport scheduledExport(ExportAnalytics export, AnalyticsProperties props, SweepTurns turns, Clock clock) {
        return new ScheduledExport(export, props.exportFormat(), props.exportInterval(), turns, clock);
    }
}
