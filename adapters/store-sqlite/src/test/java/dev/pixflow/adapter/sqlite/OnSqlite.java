package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.JdbcCatalogueStores;
import dev.pixflow.adapter.jdbc.JdbcStores;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.contract.CatalogueStores;
import dev.pixflow.contract.CatalogueStoresExtension;
import dev.pixflow.core.domain.JobSpec;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The catalogue's stores on the embedded database, a new file for each test in a directory deleted
 * after it; their jobs go to the queue table of the same file. Another process is another pool on the
 * same file.
 */
final class OnSqlite extends CatalogueStoresExtension {

    @Override
    protected CatalogueStores open(ExtensionContext context) throws IOException {
        Path dir = Files.createTempDirectory("pixflow-sqlite-test");
        return open(dir.resolve("pixflow.db"), () -> delete(dir));
    }

    private static JdbcCatalogueStores open(Path file, AutoCloseable cleanUp) {
        try {
            SqlDatabase db = SqliteDatabase.open(file, 4);
            SqliteJobQueue queue = new SqliteJobQueue(db, Clock.systemUTC(), 3);
            return new JdbcCatalogueStores(new JdbcStores(db, queue), () -> leaseAll(queue), () -> open(file, () -> { }),
                    cleanUp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JobSpec> leaseAll(SqliteJobQueue queue) {
        List<JobSpec> jobs = new ArrayList<>();
        for (var j = queue.lease("test", Duration.ofMinutes(1)); j.isPresent(); j = queue.lease("test", Duration.ofMinutes(1))) {
            jobs.add(j.get().spec());
            queue.acknowledge(j.get());
        }
        return jobs;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
