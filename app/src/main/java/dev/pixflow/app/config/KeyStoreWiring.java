package dev.pixflow.app.config;

import dev.pixflow.adapter.postgres.PostgresApiKeyStore;
import dev.pixflow.adapter.postgres.PostgresDatabase;
import dev.pixflow.adapter.sqlite.SqliteApiKeyStore;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API keys live in the metadata store's database: SQLite by default, PostgreSQL when the catalogue
 * is there, so every process of a cluster sees the same keys. Used by the server and by the
 * {@code keys} command, which brings its own database bean.
 */
@Configuration(proxyBeanMethods = false)
public class KeyStoreWiring {

    @Bean
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "sqlite", matchIfMissing = true)
    SqliteApiKeyStore sqliteApiKeyStore(SqliteDatabase db) {
        return new SqliteApiKeyStore(db);
    }

    @Bean
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "postgres")
    PostgresApiKeyStore postgresApiKeyStore(PostgresDatabase db) {
        return new PostgresApiKeyStore(db);
    }
}
