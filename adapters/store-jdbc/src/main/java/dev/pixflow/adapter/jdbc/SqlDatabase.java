package dev.pixflow.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The PostgreSQL database shared by every Pixflow process: a HikariCP pool, and the schema brought up
 * to date by Flyway at start (Flyway's own lock makes processes starting together migrate once).
 */
public final class PostgresDatabase implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final List<Runnable> outboxListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> eventListeners = new CopyOnWriteArrayList<>();

    private PostgresDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public static PostgresDatabase open(String url, String user, String password, int poolSize) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setPoolName("pixflow-postgres");
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(1);
        HikariDataSource ds = new HikariDataSource(pool);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/postgres").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new PostgresDatabase(ds);
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

    public DataSource dataSource() {
        return dataSource;
    }

    void addOutboxListener(Runnable listener) {
        outboxListeners.add(listener);
    }

    /** Called after a commit that put a job in the outbox. */
    void signalOutbox() {
        outboxListeners.forEach(Runnable::run);
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
