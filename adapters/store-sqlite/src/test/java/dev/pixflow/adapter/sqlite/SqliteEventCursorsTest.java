package dev.pixflow.adapter.sqlite;

import dev.pixflow.contract.EventCursorsContract;
import dev.pixflow.core.port.EventCursors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The EventCursors contract on the embedded database (a second pool on the same file for another process). */
class SqliteEventCursorsTest extends EventCursorsContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteDatabase other;
    private SqliteEventCursors store;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 2);
        store = new SqliteEventCursors(db);
        other = SqliteDatabase.open(dir.resolve("pixflow.db"), 2);
    }

    @AfterEach
    void close() {
        other.close();
        db.close();
    }

    @Override
    protected EventCursors cursors() {
        return store;
    }

    @Override
    protected EventCursors otherProcess() {
        return new SqliteEventCursors(other);
    }
}
