package dev.pixflow.app.config;

import dev.pixflow.adapter.postgres.PostgresDatabase;
import dev.pixflow.adapter.postgres.PostgresEventCursors;
import dev.pixflow.adapter.postgres.PostgresIngestedRecords;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import dev.pixflow.adapter.sqlite.SqliteEventCursors;
import dev.pixflow.adapter.sqlite.SqliteIngestedRecords;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The marks of ingested stream records and the event stream's cursors live in the catalogue's
 * database, so every process of a cluster shares them.
 */
@Configuration(proxyBeanMethods = false)
public class StreamStoresWiring {

    @Bean
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "sqlite", matchIfMissing = true)
    SqliteIngestedRecords sqliteIngestedRecords(SqliteDatabase db) {
        return new SqliteIngestedRecords(db);
    }

    @Bean
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "sqlite", matchIfMissing = true)
    SqliteEventCursors sqliteEventCursors(SqliteDatabase db) {
        return new SqliteEventCursors(db);
    }

    @Bean
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "postgres")
    PostgresIngestedRecords postgresIngestedRecords(PostgresDatabase db) {
        return new PostgresIngestedRecords(db);
    }

    @Bean
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "postgres")
    PostgresEventCursors postgresEventCursors(PostgresDatabase db) {
        return new PostgresEventCursors(db);
    }
}
