package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.SqlDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

class WritersInTurnTest {
    @TempDir
    Path dir;
    private SqlDatabase db;
    /** Threads of the test's own: the common pool can have a single thread on a small machine. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void open() throws Exception {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
        db.jdbc().execute("CREATE TABLE t (x INTEGER)");
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        db.close();
    }

    /**
     * Left to SQLite's busy handler, a write outside a transaction polls for the lock and can lose it
     * to every transaction that queued after it; in the queue, it is next once the holder ends.
     */
    @Test
    void aWriteOutsideATransactionQueuesBehindTheTransactionInHand() throws Exception {
        OpenTransaction open = openTransaction();
        CompletableFuture<Integer> alone;
        try {
            alone = CompletableFuture.supplyAsync(() -> db.jdbc().update("INSERT INTO t VALUES (?)", 2), threads);
            assertThat(writerWaits(alone)).as("the autocommit write waits in the queue").isTrue();
        } finally {
            open.end();
        }
        assertThat(alone.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM t", Integer.class)).isEqualTo(2);
    }

    /** SQLite commits a query that writes (RETURNING) when its results are closed, not when it returns. */
    @Test
    void aWritingQueryKeepsItsTurnUntilItsResultsAreClosed() throws Exception {
        CompletableFuture<Integer> next;
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?) RETURNING x")) {
            insert.setInt(1, 1);
            try (ResultSet returned = insert.executeQuery()) {
                assertThat(returned.next()).isTrue();
                next = CompletableFuture.supplyAsync(() -> db.jdbc().update("INSERT INTO t VALUES (?)", 2), threads);
                assertThat(writerWaits(next)).as("the next write waits until the results are closed").isTrue();
            }
        }
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM t", Integer.class)).isEqualTo(2);
    }

    @Test
    void aReadOutsideATransactionDoesNotWaitForTheWriter() throws Exception {
        OpenTransaction open = openTransaction();
        try {
            // WAL: the reader sees the last commit, beside the writer's open transaction.
            Integer seen = CompletableFuture.supplyAsync(() -> db.jdbc().queryForObject("SELECT COUNT(*) FROM t", Integer.class),
                    threads).get(10, TimeUnit.SECONDS);
            assertThat(seen).isZero();
        } finally {
            open.end();
        }
    }

    @Test
    void tellsWritesFromQueries() {
        assertThat(WritersInTurn.writes("INSERT INTO t VALUES (1) RETURNING x")).isTrue();
        assertThat(WritersInTurn.writes("  update t set x = 1")).isTrue();
        assertThat(WritersInTurn.writes("DELETE FROM t")).isTrue();
        assertThat(WritersInTurn.writes("with old AS (SELECT x FROM t) DELETE FROM t WHERE x IN old")).isTrue();
        assertThat(WritersInTurn.writes("select * from t")).isFalse();
        assertThat(WritersInTurn.writes("EXPLAIN QUERY PLAN SELECT * FROM t")).isFalse();
        assertThat(WritersInTurn.writes("WITH matched(doc) AS MATERIALIZED (SELECT 1) SELECT doc FROM matched")).isFalse();
        assertThat(WritersInTurn.writes("WITH recent AS (SELECT updated_at FROM t) SELECT * FROM recent")).isFalse();
    }

    /** A transaction that has written a row and stays open, holding the turn, until {@link #end}. */
    private record OpenTransaction(CountDownLatch ending, CompletableFuture<Void> holder) {
        void end() throws Exception {
            ending.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
    }

    private OpenTransaction openTransaction() throws Exception {
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch ending = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> db.tx().executeWithoutResult(status -> {
            db.jdbc().update("INSERT INTO t VALUES (?)", 1);
            begun.countDown();
            await(ending);
        }), threads);
        OpenTransaction open = new OpenTransaction(ending, holder);
        if (!begun.await(10, TimeUnit.SECONDS)) {
            open.end();
            throw new AssertionError("the transaction did not begin in 10 s");
        }
        return open;
    }

    /** Whether a writer is queued for its turn while {@code write} is still waiting, within 10 s. */
    private boolean writerWaits(CompletableFuture<?> write) {
        WritersInTurn turns = (WritersInTurn) db.dataSource();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!turns.writerWaiting() && !write.isDone() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return turns.writerWaiting() && !write.isDone();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
