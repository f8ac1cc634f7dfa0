package dev.pixflow.adapter.sqlite;

import dev.pixflow.contract.WebhookStoreContract;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.WebhookStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The webhook store contract on the embedded database; the other process opens the same file. */
class SqliteWebhookStoreTest extends WebhookStoreContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteDatabase other;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
        other = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
    }

    @AfterEach
    void close() {
        other.close();
        db.close();
    }

    @Override
    protected WebhookStore store() {
        return new SqliteWebhookStore(db);
    }

    @Override
    protected EventLog events() {
        return new SqliteEventLog(db);
    }

    @Override
    protected WebhookStore otherProcess() {
        return new SqliteWebhookStore(other);
    }
}
