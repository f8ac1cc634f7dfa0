package dev.pixflow.adapter.sqlite;

import dev.pixflow.contract.EventLogContract;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The event log contract on the embedded database. */
class SqliteEventLogTest extends EventLogContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteMetadataStore store;
    private SqliteEventLog events;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
        store = new SqliteMetadataStore(db, new SqliteJobQueue(db, Clock.systemUTC(), 3));
        events = new SqliteEventLog(db);
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
    protected EventLog events() {
        return events;
    }
}
