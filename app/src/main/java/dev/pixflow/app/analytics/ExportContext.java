package dev.pixflow.app.analytics;

import dev.pixflow.adapter.blob.fs.FileSystemBlobStore;
import dev.pixflow.adapter.postgres.PostgresDatabase;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.S3StorageWiring;
import dev.pixflow.app.config.ScaleOutProperties;
import dev.pixflow.app.events.EventLogWiring;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.time.Clock;

/**
 * The whole application context of {@code pixflow export}: the configured catalogue database, event
 * log and blob store (local disk or S3), and the export; no web server, no engine, no workers. The same
 * settings as the server's find the same data. Deliberately not a {@code @Configuration}, so the
 * server's component scan never finds it.
 */
@EnableConfigurationProperties({PixflowProperties.class, ScaleOutProperties.class})
@Import({AnalyticsWiring.class, EventLogWiring.class, S3StorageWiring.class})
public class ExportContext {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

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
    @ConditionalOnProperty(name = "pixflow.storage.type", havingValue = "fs", matchIfMissing = true)
    FileSystemBlobStore blobStore(PixflowProperties props) throws IOException {
        return new FileSystemBlobStore(props.dataDir().resolve("blobs"));
    }
}
