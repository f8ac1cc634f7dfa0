package dev.pixflow.app.catalogue;

import dev.pixflow.adapter.jdbc.JdbcStores;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import dev.pixflow.adapter.sqlite.SqliteJobQueue;
import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.ConditionalOnBackend;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.tracing.JobTracing;
import dev.pixflow.app.tracing.TracedJobTable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code pixflow.metadata.type=sqlite} (the default): the catalogue in one SQLite file under the data
 * directory, with the job queue in the same file, so a record and its first job commit together. With
 * the queue elsewhere (SQS), the same jobs table is the outbox a relay empties.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBackend(catalogue = Backends.Catalogue.SQLITE)
public class EmbeddedCatalogueWiring {

    @Bean(destroyMethod = "close")
    SqlDatabase catalogueDatabase(PixflowProperties props, ObjectProvider<CatalogueMustExist> mustExist) throws IOException {
        Path file = props.dataDir().resolve("pixflow.db");
        if (mustExist.getIfAvailable() != null && !Files.exists(file)) {
            throw new CatalogueMustExist.Missing(file);
        }
        return SqliteDatabase.open(file, 8);
    }

    @Bean
    @ConditionalOnBackend(queue = Backends.Queue.SQLITE)
    SqliteJobQueue jobQueue(SqlDatabase db, Clock clock, PixflowProperties props) {
        return new SqliteJobQueue(db, clock, props.queue().maxAttempts());
    }

    @Bean
    JdbcStores catalogueStores(SqlDatabase db, ObjectProvider<SqliteJobQueue> queue, Clock clock, PixflowProperties props,
                               JobTracing tracing) {
        return new JdbcStores(db, new TracedJobTable(
                queue.getIfAvailable(() -> new SqliteJobQueue(db, clock, props.queue().maxAttempts())), tracing));
    }
}
