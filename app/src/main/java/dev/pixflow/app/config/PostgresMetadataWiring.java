package dev.pixflow.app.config;

import dev.pixflow.adapter.postgres.PostgresDatabase;
import dev.pixflow.adapter.postgres.PostgresMetadataStore;
import dev.pixflow.adapter.postgres.PostgresOutbox;
import dev.pixflow.core.port.Outbox;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;

/**
 * {@code pixflow.metadata.type=postgres}: the catalogue in PostgreSQL, shared by every process. Its jobs
 * wait in an outbox table for the relay, so this needs the queue on SQS.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "postgres")
public class PostgresMetadataWiring {

    @Bean(destroyMethod = "close")
    PostgresDatabase postgresDatabase(ScaleOutProperties scaleOut, Environment env) {
        if (!"sqs".equals(env.getProperty("pixflow.queue.type"))) {
            throw new IllegalStateException("pixflow.metadata.type=postgres needs pixflow.queue.type=sqs: the jobs that"
                    + " PostgreSQL commits with each record are relayed to SQS; the embedded queue lives in one process's SQLite file");
        }
        ScaleOutProperties.Postgres pg = scaleOut.metadata().postgres();
        if (pg.url() == null || pg.url().isBlank()) {
            throw new IllegalStateException("pixflow.metadata.postgres.url is required with pixflow.metadata.type=postgres");
        }
        return PostgresDatabase.open(pg.url(), pg.user(), pg.password(), pg.poolSize());
    }

    /** Exposed so the health endpoint sees the shared database too. */
    @Bean
    DataSource postgresDataSource(PostgresDatabase db) {
        return db.dataSource();
    }

    @Bean
    PostgresMetadataStore metadataStore(PostgresDatabase db) {
        return new PostgresMetadataStore(db);
    }

    @Bean
    Outbox postgresOutbox(PostgresDatabase db) {
        return new PostgresOutbox(db);
    }
}
