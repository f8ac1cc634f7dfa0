package dev.pixflow.adapter.postgres;

import dev.pixflow.adapter.jdbc.SqlDatabase;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

/**
 * The rate limits' token buckets in the shared PostgreSQL, one row of {@code rate_limit_buckets} per
 * key and limit: bucket4j's own proxy manager, which takes a transaction-level advisory lock on the
 * row's key, reads the state, applies the request in the process and writes the state back before the
 * commit lets the lock go, so processes take turns per key and never per table. Its select-for-update
 * variant does the same with a row lock; the advisory lock measured faster (ARCHITECTURE.md).
 */
public final class PostgresRateLimitBuckets {
    private PostgresRateLimitBuckets() {
    }

    public static ProxyManager<String> of(SqlDatabase db) {
        return Bucket4jPostgreSQL.advisoryLockBasedBuilder(db.dataSource())
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets").idColumn("id").stateColumn("state")
                .build();
    }
}
