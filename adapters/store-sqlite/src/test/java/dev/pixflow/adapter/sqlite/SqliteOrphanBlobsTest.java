package dev.pixflow.adapter.sqlite;

import dev.pixflow.contract.OrphanBlobsContract;
import dev.pixflow.core.port.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The orphan-blob contract on the embedded database. */
class SqliteOrphanBlobsTest extends OrphanBlobsContract {
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
}
