package dev.pixflow.bench;

import dev.pixflow.adapter.jdbc.JdbcStores;
import dev.pixflow.adapter.jdbc.OutboxTable;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.adapter.postgres.PostgresDatabase;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import dev.pixflow.adapter.sqlite.SqliteJobQueue;
import dev.pixflow.core.domain.ImageFilter;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Orientation;
import dev.pixflow.core.domain.SearchTerms;
import dev.pixflow.core.port.ImageSearch;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * {@code ./pixflow bench search}: query latency over 100,000 catalogue records (metadata only) on the
 * embedded store (SQLite FTS5) and on PostgreSQL (tsvector, pg_trgm), through the store adapters the
 * server uses: a word query (ranked by relevance), a tag filter (newest first) and both with a shape
 * filter. One query at a time, first page of 20, after a warm-up.
 */
final class SearchBench {
    static final int RECORDS = Integer.getInteger("pixflow.bench.search.records", 100_000);
    static final int QUERIES = 500;
    static final int WARMUP = 100;
    private static final int BATCH = 1000;

    private final Path root;

    SearchBench(Path root) {
        this.root = root;
    }

    record Row(String store, String query, double p50, double p99) {
    }

    String run() throws Exception {
        List<Row> rows = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        Path dir = Files.createTempDirectory("pixflow-search-bench-");
        try (SqlDatabase db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4)) {
            JdbcStores store = new JdbcStores(db, new SqliteJobQueue(db, Clock.systemUTC(), 3));
            loads.add(load("SQLite (FTS5)", store, db::inOneTransaction, 1));
            rows.addAll(measure("SQLite (FTS5)", store.search()));
        } finally {
            deleteTree(dir);
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE pixflow_bench");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/pixflow_bench";
            try (SqlDatabase db = PostgresDatabase.open(url, "postgres", "postgres", 8)) {
                JdbcStores store = new JdbcStores(db, new OutboxTable(db));
                loads.add(load("PostgreSQL 18 (tsvector + pg_trgm)", store, db::inOneTransaction, 4));
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("VACUUM ANALYZE");
                }
                rows.addAll(measure("PostgreSQL 18 (tsvector + pg_trgm)", store.search()));
            }
        }
        return report(rows, loads);
    }

    /** Writes the records through the store's own create (search index included), a batch per transaction. */
    private String load(String name, JdbcStores store, java.util.function.Consumer<Runnable> inOneTransaction,
                        int threads) throws Exception {
        SearchWorkload workload = new SearchWorkload(42);
        List<ImageRecord> records = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            records.add(workload.record(i));
        }
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int from = 0; from < RECORDS; from += BATCH) {
                List<ImageRecord> batch = records.subList(from, Math.min(RECORDS, from + BATCH));
                done.add(pool.submit(() -> inOneTransaction.accept(() ->
                        batch.forEach(r -> store.records().create(r, new JobSpec(r.id(), List.of()))))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%s: %d records loaded in %.0f s%n", name, RECORDS, seconds);
        return "%s: %,d records written in %.0f s (%,.0f a second, %d writer%s, %d per transaction)".formatted(
                name, RECORDS, seconds, RECORDS / seconds, threads, threads == 1 ? "" : "s", BATCH);
    }

    private List<Row> measure(String name, ImageSearch store) {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        SearchWorkload queries = new SearchWorkload(7);
        List<Row> rows = new ArrayList<>();
        rows.add(time(name, "word (`q=`, by relevance)", store, now, q ->
                new ImageQuery(SearchWorkload.OWNER, ImageFilter.NONE, SearchTerms.parse(queries.queryWord()), null, 20,
                        Optional.empty())));
        rows.add(time(name, "tag (`tag=`, newest first)", store, now, q ->
                new ImageQuery(SearchWorkload.OWNER, ImageFilter.tagged(queries.queryTag()), Optional.empty(), null, 20,
                        Optional.empty())));
        rows.add(time(name, "word + tag + orientation, by relevance", store, now, q ->
                new ImageQuery(SearchWorkload.OWNER, ImageFilter.builder().tags(List.of(queries.queryTag()))
                        .orientation(Orientation.LANDSCAPE).build(), SearchTerms.parse(queries.queryWord()), null, 20,
                        Optional.empty())));
        rows.add(time(name, "two words, the last a prefix (`q=boat har`)", store, now, q ->
                new ImageQuery(SearchWorkload.OWNER, ImageFilter.NONE,
                        SearchTerms.parse(queries.queryWord() + " " + queries.queryWord().substring(0, 3)), null, 20,
                        Optional.empty())));
        return rows;
    }

    private Row time(String store, String kind, ImageSearch metadata, Instant now, Function<Integer, ImageQuery> queries) {
        for (int i = 0; i < WARMUP; i++) {
            metadata.list(queries.apply(i), now);
        }
        double[] millis = new double[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            ImageQuery q = queries.apply(i);
            long t = System.nanoTime();
            metadata.list(q, now);
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("%s, %s: p50 %.2f ms, p99 %.2f ms%n", store, kind, percentile(millis, 50), percentile(millis, 99));
        return new Row(store, kind, percentile(millis, 50), percentile(millis, 99));
    }

    private static double percentile(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String report(List<Row> rows, List<String> loads) {
        StringBuilder md = new StringBuilder("""
                ## Search

                `./pixflow bench search`: %,d catalogue records (metadata only: titles, descriptions, 1-4 tags,
                camera, time; words drawn from a Zipf law over a photo vocabulary, fixed seed) written through each
                store's own adapter, then %d queries of each kind, one at a time, first page of 20, after %d to warm
                up. Latency is the store call (SQL, search index, details of the page), not HTTP.

                Machine: %s.

                | store | query | p50 | p99 |
                |---|---|---|---|
                """.formatted(RECORDS, QUERIES, WARMUP, Machine.describe()));
        for (Row r : rows) {
            md.append("| %s | %s | %.1f ms | %.1f ms |%n".formatted(r.store(), r.query(), r.p50(), r.p99()));
        }
        md.append("\nLoading: ").append(String.join("; ", loads)).append(".\n");
        md.append("""

                Query words come from ranks 6 to 65 of the vocabulary, so one matches roughly 3 % to 30 % of the
                records (3,000 to 30,000 here). Ranking scores every match (for each word, the classes of the record
                it occurs in) before the first 20 can be known, so a word query costs in proportion to its matches;
                a tag filter walks the newest-first index and stops at 20.
                """);
        return md.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
