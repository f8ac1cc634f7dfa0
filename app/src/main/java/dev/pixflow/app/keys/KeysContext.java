package dev.pixflow.app.keys;

import dev.pixflow.adapter.postgres.PostgresDatabase;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import dev.pixflow.app.config.KeyStoreWiring;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.ScaleOutProperties;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.usecase.ApiKeys;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.time.Clock;

/**
 * The whole application context of {@code pixflow keys}: the configured metadata database and its key
 * store, nothing else (no web server, no engine, no workers), so keys can be made before the server
 * may start. Deliberately not a {@code @Configuration}, so the server's component scan never finds it.
 */
@EnableConfigurationProperties({PixflowProperties.class, ScaleOutProperties.class})
@Import(KeyStoreWiring.class)
public class KeysContext {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "sqlite", matchIfMissing = true)
    SqliteDatabase sqliteDatabase(PixflowProperties props) throws IOException {
        return SqliteDatabase.open(props.dataDir().resolve("pixflow.db"), 2);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "postgres")
    PostgresDatabase postgresDatabase(ScaleOutProperties scaleOut) {
        ScaleOutProperties.Postgres pg = scaleOut.metadata().postgres();
        if (pg.url() == null || pg.url().isBlank()) {
            throw new IllegalStateException("pixflow.metadata.postgres.url is required with pixflow.metadata.type=postgres");
        }
        return PostgresDatabase.open(pg.url(), pg.user(), pg.password(), 2);
    }

    @Bean
    ApiKeys apiKeys(ApiKeyStore store) {
        return new ApiKeys(store, Clock.systemUTC());
    }
}
