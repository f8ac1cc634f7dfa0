package dev.pixflow.adapter.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the one SQLite file holding the catalogue and the job queue, so an image record and its first
 * job commit in one transaction. WAL lets readers run beside the single writer; transactions begin
 * IMMEDIATE so two writers queue on the busy timeout instead of failing on a read-to-write upgrade;
 * synchronous=FULL makes a commit survive power loss, not only a process crash; and they queue in
 * arrival order ({@link WritersInTurn}), so none waits out the busy timeout under a steady load.
 */
public final class SqliteDatabase {
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
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());

        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqlite);
        pool.setPoolName("pixflow-sqlite");
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(1);
        HikariDataSource ds = new HikariDataSource(pool);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/sqlite").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new SqlDatabase(ds, new WritersInTurn(ds), new SqliteDialect());
    }
}
