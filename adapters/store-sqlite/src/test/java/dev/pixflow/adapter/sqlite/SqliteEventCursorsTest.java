package dev.pixflow.adapter.sqlite;

import dev.pixflow.contract.EventCursorsContract;
import dev.pixflow.core.port.EventCursors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The EventCursors contract on the embedded database. */
class SqliteEventCursorsTest extends EventCursorsContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteEventCursors store;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 2);
        store = new SqliteEventCursors(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected EventCursors cursors() {
        return store;
    }
}
