package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.SqlDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.core.CoreStatement;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool keeps a connection's prepared statements, and a kept one holds nothing of the database. */
class KeptStatementsTest {
    private static final String SELECT = "SELECT x FROM t WHERE x = ?";

    @TempDir
    Path dir;
    private SqlDatabase db;

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 2);
        db.jdbc().execute("CREATE TABLE t (x INTEGER)");
        db.jdbc().update("INSERT INTO t VALUES (1), (2)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theSameStatementIsPreparedOnceAndAnswersWithItsNewParameters() throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            CoreStatement first = selectOnce(connection, 1);
            CoreStatement second = selectOnce(connection, 2);
            assertThat(second).as("the driver's statement, kept and reused").isSameAs(first);
        }
    }

    /**
     * A statement left stepping would keep its read snapshot, and with it every later write in the WAL:
     * a kept statement is reset when its results close, so a checkpoint can still take every page back.
     */
    @Test
    void aKeptStatementDoesNotHoldBackTheCheckpoint() throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            // Read one row of two: the statement is left mid-result, then closed and kept.
            try (PreparedStatement statement = connection.prepareStatement("SELECT x FROM t ORDER BY x");
                 ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
            }
            // On the pool's other connection, while this one (and the statement it keeps) stays out.
            db.jdbc().update("INSERT INTO t VALUES (3)");
            Map<String, Object> checkpoint = db.jdbc().queryForMap("PRAGMA wal_checkpoint(TRUNCATE)");
            assertThat(checkpoint.get("busy")).as("the checkpoint was not blocked by a reader").isEqualTo(0);
            assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM t", Integer.class)).isEqualTo(3);
        }
    }

    private static CoreStatement selectOnce(Connection connection, int x) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(SELECT)) {
            statement.setInt(1, x);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(x);
                assertThat(rows.next()).isFalse();
            }
            return statement.unwrap(CoreStatement.class);
        }
    }
}
