package dev.pixflow.app.events;

import dev.pixflow.adapter.postgres.PostgresDatabase;
import dev.pixflow.adapter.postgres.PostgresEventLog;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import dev.pixflow.adapter.sqlite.SqliteEventLog;
import dev.pixflow.core.port.EventLog;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event log lives in the catalogue's database, since the catalogue appends to it in its own transactions. */
@Configuration(proxyBeanMethods = false)
public class EventLogWiring {

    @Bean
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "sqlite", matchIfMissing = true)
    EventLog sqliteEventLog(SqliteDatabase db) {
        return new SqliteEventLog(db);
    }

    @Bean
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "postgres")
    EventLog postgresEventLog(PostgresDatabase db) {
        return new PostgresEventLog(db);
    }
}
