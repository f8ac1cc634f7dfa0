package dev.pixflow.adapter.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One SQLite file holding the catalogue and the job queue, so an image record and its first job commit
 * in one transaction. WAL lets readers run beside the single writer; transactions begin IMMEDIATE so
 * two writers queue on the busy timeout instead of failing on a read-to-write upgrade; synchronous=FULL
 * makes a commit survive power loss, not only a process crash.
 */
public final class SqliteDatabase implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final List<Runnable> workListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> eventListeners = new CopyOnWriteArrayList<>();

    private SqliteDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public static SqliteDatabase open(Path file, int poolSize) throws IOException {
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
        Flyway.configure().dataSource(ds).locations("classpath:db/sqlite").load().migrate();
        return new SqliteDatabase(ds);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    TransactionTemplate tx() {
        return tx;
    }

    /**
     * Runs {@code work} in one transaction, which the stores' own writes inside it join: a bulk import
     * (a benchmark's records) commits once instead of once per record.
     */
    public void inOneTransaction(Runnable work) {
        tx.executeWithoutResult(status -> work.run());
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    void addWorkListener(Runnable listener) {
        workListeners.add(listener);
    }

    /** Called after a commit that made a job due. */
    void signalWork() {
        workListeners.forEach(Runnable::run);
    }

    void addEventListener(Runnable listener) {
        eventListeners.add(listener);
    }

    /** Called after a commit that appended to the event log. */
    void signalEvents() {
        eventListeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
