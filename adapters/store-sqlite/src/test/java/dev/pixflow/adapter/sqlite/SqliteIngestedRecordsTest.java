package dev.pixflow.adapter.sqlite;

import dev.pixflow.contract.IngestedRecordsContract;
import dev.pixflow.core.port.IngestedRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The IngestedRecords contract on the embedded database. */
class SqliteIngestedRecordsTest extends IngestedRecordsContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private SqliteIngestedRecords store;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 2);
        store = new SqliteIngestedRecords(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected IngestedRecords records() {
        return store;
    }
}
