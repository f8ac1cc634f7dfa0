package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.SqlDatabase;
import org.apache.commons.dbcp2.BasicDataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Opens the one SQLite file holding the catalogue and the job queue, so an image record and its first
 * job commit in one transaction. WAL lets readers run beside the single writer; transactions begin
 * IMMEDIATE so two writers queue on the busy timeout instead of failing on a read-to-write upgrade;
 * synchronous=FULL makes a commit survive power loss, not only a process crash; and they queue in
 * arrival order ({@link WritersInTurn}), so none waits out the busy timeout under a steady load.
 *
 * <p>The pool keeps each connection's prepared statements for reuse: SQLite compiles every statement
 * it is given, the driver keeps none, and that compiling was a third of the time the database took on
 * the upload-to-ready path. A statement given back is reset, so a kept one holds no read snapshot.
 */
public final class SqliteDatabase {
    /** Prepared statements kept per connection; past that, the longest unused are closed first. */
    private static final int STATEMENTS_KEPT = 100;

    private SqliteDatabase() {
    }

    public static SqlDatabase open(Path file, int poolSize) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(30_000);
        config.enforceForeignKeys(true);
        BasicDataSource ds = new BasicDataSource();
        ds.setDriver(new JDBC());
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.toProperties().forEach((name, value) -> ds.addConnectionProperty((String) name, (String) value));
        ds.setMaxTotal(poolSize);
        ds.setMaxIdle(poolSize);
        ds.setMinIdle(1);
        // Fail, as a full pool should, rather than wait for ever.
        ds.setMaxWait(Duration.ofSeconds(30));
        // A local file's connection does not go stale; checking it would cost a query per borrow.
        ds.setTestOnBorrow(false);
        ds.setPoolPreparedStatements(true);
        ds.setMaxOpenPreparedStatements(STATEMENTS_KEPT);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/sqlite").load().migrate();
        } catch (RuntimeException e) {
            try {
                ds.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new SqlDatabase(ds, new WritersInTurn(ds), new SqliteDialect());
    }
}
