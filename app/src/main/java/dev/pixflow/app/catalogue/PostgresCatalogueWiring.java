package dev.pixflow.app.catalogue;

import dev.pixflow.adapter.jdbc.JdbcStores;
import dev.pixflow.adapter.jdbc.OutboxTable;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.adapter.postgres.PostgresDatabase;
import dev.pixflow.adapter.postgres.PostgresRateLimitBuckets;
import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.ConditionalOnBackend;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.tracing.JobTracing;
import dev.pixflow.app.tracing.TracedJobTable;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code pixflow.metadata.type=postgres}: the catalogue in PostgreSQL, shared by every process. Its jobs
 * wait in an outbox table for the relay, so a server needs the queue on SQS ({@link Backends#requireRunnable}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBackend(catalogue = Backends.Catalogue.POSTGRES)
public class PostgresCatalogueWiring {

    @Bean(destroyMethod = "close")
    SqlDatabase catalogueDatabase(PixflowProperties props) {
        PixflowProperties.Postgres pg = props.metadata().postgres();
        if (pg.url() == null || pg.url().isBlank()) {
            throw new IllegalStateException("pixflow.metadata.postgres.url is required with pixflow.metadata.type=postgres");
        }
        return PostgresDatabase.open(pg.url(), pg.user(), pg.password(), pg.poolSize());
    }

    /** The rate limits' buckets, in the database every process shares. */
    @Bean
    ProxyManager<String> rateLimitBuckets(SqlDatabase db) {
        return PostgresRateLimitBuckets.of(db);
    }

    @Bean
    JdbcStores catalogueStores(SqlDatabase db, JobTracing tracing) {
        return new JdbcStores(db, new TracedJobTable(new OutboxTable(db), tracing));
    }
}
