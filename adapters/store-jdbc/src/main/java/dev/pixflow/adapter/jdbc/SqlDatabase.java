package dev.pixflow.adapter.jdbc;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A catalogue database, whichever it is: its connection pool, the {@link SqlDialect} the stores speak
 * to it, and the in-process signals sent after commits (jobs waiting, events appended), so waiting
 * loops in this process need not wait for their next poll. The dialect modules open it (connection
 * setup and migrations); every store of this package takes it.
 */
public final class SqlDatabase implements AutoCloseable {
    private final AutoCloseable pool;
    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final List<Runnable> jobListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> eventListeners = new CopyOnWriteArrayList<>();

    public <P extends DataSource & AutoCloseable> SqlDatabase(P pool, SqlDialect dialect) {
        this(pool, pool, dialect);
    }

    /**
     * {@code dataSource}: how the stores reach the pool's connections, where the dialect needs a say in
     * it; {@code pool} is closed with the database.
     */
    public SqlDatabase(AutoCloseable pool, DataSource dataSource, SqlDialect dialect) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public TransactionTemplate tx() {
        return tx;
    }

    public SqlDialect dialect() {
        return dialect;
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

    public void onJobsWritten(Runnable listener) {
        jobListeners.add(listener);
    }

    /** Called after a commit that wrote a job (to the queue table or the outbox). */
    public void signalJobs() {
        jobListeners.forEach(Runnable::run);
    }

    void onEventsAppended(Runnable listener) {
        eventListeners.add(listener);
    }

    /** Called after a commit that appended to the event log. */
    void signalEvents() {
        eventListeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not close the connection pool", e);
        }
    }
}
