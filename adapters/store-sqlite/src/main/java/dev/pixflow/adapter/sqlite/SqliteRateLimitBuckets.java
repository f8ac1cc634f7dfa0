package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.SqlDatabase;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The rate limits' token buckets in the SQLite file, one row of {@code rate_limit_buckets} per key and
 * limit, for every process that opens the file. bucket4j has no SQLite back end and SQLite has no
 * {@code SELECT ... FOR UPDATE}; its compare-and-swap scheme needs only a conditional write, which
 * SQLite's single writer makes atomic: a write whose expected state is stale changes no row, and
 * bucket4j reads again and retries.
 */
public final class SqliteRateLimitBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {
    private final SqlDatabase db;

    public SqliteRateLimitBuckets(SqlDatabase db) {
        super(ClientSideConfig.getDefault());
        this.db = db;
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                List<byte[]> states = db.jdbc().query("SELECT state FROM rate_limit_buckets WHERE id = ?",
                        (rs, i) -> rs.getBytes(1), key);
                return states.stream().findFirst();
            }

            @Override
            public boolean compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
                                          Optional<Long> timeoutNanos) {
                if (originalData == null) {
                    return db.jdbc().update("INSERT INTO rate_limit_buckets (id, state) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                            key, newData) == 1;
                }
                return db.jdbc().update("UPDATE rate_limit_buckets SET state = ? WHERE id = ? AND state = ?",
                        newData, key, originalData) == 1;
            }
        };
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("no asynchronous JDBC");
    }

    @Override
    public void removeProxy(String key) {
        db.jdbc().update("DELETE FROM rate_limit_buckets WHERE id = ?", key);
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        throw new UnsupportedOperationException("no asynchronous JDBC");
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }
}
