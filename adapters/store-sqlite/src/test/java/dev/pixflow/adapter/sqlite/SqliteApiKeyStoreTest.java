package dev.pixflow.adapter.sqlite;

import dev.pixflow.contract.ApiKeyStoreContract;
import dev.pixflow.core.port.ApiKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The API key contract on the embedded database. */
class SqliteApiKeyStoreTest extends ApiKeyStoreContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteApiKeyStore store;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 2);
        store = new SqliteApiKeyStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected ApiKeyStore store() {
        return store;
    }
}
