package dev.pixflow.adapter.sqlite;

import dev.pixflow.contract.RateLimitBucketsContract;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/** The rate limits' buckets contract on one SQLite file, opened anew for each process. */
class SqliteRateLimitBucketsTest extends RateLimitBucketsContract {
    @TempDir
    Path dir;

    @Override
    protected ProxyManager<String> process() throws IOException {
        return new SqliteRateLimitBuckets(closedAfterTest(SqliteDatabase.open(dir.resolve("pixflow.db"), 4)));
    }
}
