package dev.pixflow.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import org.flywaydb.core.Flyway;

/**
 * Opens the PostgreSQL database shared by every Pixflow process: a HikariCP pool, and the schema
 * brought up to date by Flyway at start (Flyway's own lock makes processes starting together migrate once).
 */
public final class PostgresDatabase {
    private PostgresDatabase() {
    }

    public static SqlDatabase open(String url, String user, String password, int poolSize) {
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
        return new SqlDatabase(ds, new PostgresDialect());
    }
}
