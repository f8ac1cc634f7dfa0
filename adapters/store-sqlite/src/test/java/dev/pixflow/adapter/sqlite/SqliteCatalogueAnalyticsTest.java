package dev.pixflow.adapter.sqlite;

import dev.pixflow.contract.CatalogueAnalyticsContract;
import dev.pixflow.core.port.CatalogueExport;
import dev.pixflow.core.port.CatalogueStatistics;
import dev.pixflow.core.port.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The export's and the statistics' reads on the embedded catalogue. */
class SqliteCatalogueAnalyticsTest extends CatalogueAnalyticsContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteMetadataStore store;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
        store = new SqliteMetadataStore(db, new SqliteJobQueue(db, Clock.systemUTC(), 3));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected MetadataStore store() {
        return store;
    }

    @Override
    protected CatalogueExport export() {
        return new SqliteCatalogueExport(db);
    }

    @Override
    protected CatalogueStatistics statistics() {
        return new SqliteCatalogueStatistics(db);
    }
}
