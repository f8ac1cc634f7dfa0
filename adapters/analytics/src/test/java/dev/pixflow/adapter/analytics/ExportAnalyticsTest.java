package dev.pixflow.adapter.analytics;

import dev.pixflow.adapter.blob.fs.FileSystemBlobStore;
import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.adapter.blob.s3.S3Clients;
import dev.pixflow.adapter.blob.s3.S3Settings;
import dev.pixflow.adapter.jdbc.JdbcStores;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import dev.pixflow.adapter.sqlite.SqliteJobQueue;
import dev.pixflow.core.domain.AnalyticsFormat;
import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.usecase.ExportAnalytics;
import dev.pixflow.testing.servers.S3Server;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The export end to end on a real catalogue (SQLite) and real blob stores (a directory, s3proxy): the
 * files are read back by DuckDB as a Hive-partitioned dataset, with exactly each day's records and
 * events, typed columns; a second run replaces a day, never duplicates it; CSV has its header and
 * RFC 4180 quoting.
 */
class ExportAnalyticsTest {
    private static final LocalDate DAY1 = LocalDate.parse("2026-05-01");
    private static final LocalDate DAY2 = LocalDate.parse("2026-05-02");
    private static final Instant NOW = Instant.parse("2026-05-02T18:00:00Z");

    @TempDir
    Path dir;
    private SqlDatabase db;
    private JdbcStores store;
    private final MemoryEventLog events = new MemoryEventLog();
    private int seq;

    @BeforeEach
    void open() throws IOException {
        db = SqliteDatabase.open(dir.resolve("pixflow.db"), 4);
        store = new JdbcStores(db, new SqliteJobQueue(db, Clock.systemUTC(), 3));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ExportAnalytics exporter(BlobStore blobs, int page) {
        return new ExportAnalytics(store.export(), events, new DuckDbAnalyticsWriter("64MB"), blobs,
                Clock.fixed(NOW, ZoneOffset.UTC), page, java.time.Duration.ofDays(30));
    }

    private ImageRecord upload(Instant at, String title, String... tags) {
        seq++;
        String sha = "%064x".formatted(seq);
        ImageRecord r = new ImageRecord(new ImageId("0190a000-0000-7000-8000-%012d".formatted(seq)), "ana",
                ImageStatus.READY, "IMG_%04d.jpg".formatted(seq), ImageFormat.JPEG, 1000L * seq, 640, 480, false, sha,
                BlobKey.content(sha), new ImageMetadata(title, null, List.of(tags), Visibility.PUBLIC, null), at, at,
                Map.of(), List.of(), Exif.NONE, Optional.empty());
        store.references().retainBlob(r.originalKey());
        store.records().create(r, new JobSpec(r.id(), List.of()));
        events.append(ImageEvent.stored(r, at));
        return r;
    }

    private void rendered(ImageRecord r, String variant, Instant at, long millis) {
        Rendition rendition = new Rendition(variant, BlobKey.rendition(r.id(), variant, "abc", ImageFormat.WEBP),
                ImageFormat.WEBP, 256, 192, 5000, "00".repeat(32), at);
        events.append(ImageEvent.renditionReady(r.id(), r.owner(), rendition, Duration.ofMillis(millis), at));
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private static Connection duckdb() throws SQLException {
        return new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        try (Connection c = duckdb(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof java.sql.Array a ? List.of((Object[]) a.getArray()) : v);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private Path analytics(Path blobRoot, String table) {
        return blobRoot.resolve("analytics").resolve(table);
    }

    @Test
    void parquetDaysReadBackAsOneHivePartitionedTable() throws Exception {
        ImageRecord a = upload(at(DAY1, 9), "Harbour", "sea", "boats");
        ImageRecord b = upload(at(DAY1, 23), null);
        ImageRecord c = upload(at(DAY2, 0), "City", "city");
        upload(at(DAY2.plusDays(1), 1), "Tomorrow");  // outside the range exported
        rendered(a, "thumb", at(DAY1, 9).plusMillis(120), 120);
        rendered(c, "thumb", at(DAY2, 0).plusMillis(340), 340);

        Path root = dir.resolve("blobs");
        FileSystemBlobStore blobs = new FileSystemBlobStore(root);
        // A page of two makes a day span pages.
        List<ExportAnalytics.DayFile> written = exporter(blobs, 2).export(DAY1, DAY2, AnalyticsFormat.PARQUET);

        assertThat(written).extracting(f -> f.key().value()).containsExactly(
                "analytics/images/day=2026-05-01/images-2026-05-01.parquet",
                "analytics/events/day=2026-05-01/events-2026-05-01.parquet",
                "analytics/images/day=2026-05-02/images-2026-05-02.parquet",
                "analytics/events/day=2026-05-02/events-2026-05-02.parquet");
        assertThat(written).extracting(ExportAnalytics.DayFile::rows).containsExactly(2L, 3L, 1L, 2L);

        String images = "read_parquet('" + analytics(root, "images") + "/*/*.parquet', hive_partitioning=true)";
        assertThat(query("SELECT CAST(day AS VARCHAR), id, title, tags, bytes FROM " + images + " ORDER BY created_at")).containsExactly(
                List.of("2026-05-01", a.id().value(), "Harbour", List.of("sea", "boats"), 1000L),
                Arrays.asList("2026-05-01", b.id().value(), null, List.of(), 2000L),
                List.of("2026-05-02", c.id().value(), "City", List.of("city"), 3000L));
        assertThat(query("SELECT typeof(created_at), typeof(tags), typeof(bytes) FROM " + images + " LIMIT 1"))
                .containsExactly(List.of("TIMESTAMP", "VARCHAR[]", "BIGINT"));
        assertThat(query("SELECT created_at FROM " + images + " WHERE id = '" + a.id() + "'"))
                .containsExactly(List.of(java.sql.Timestamp.valueOf(LocalDateTime.of(2026, 5, 1, 9, 0))));

        String eventsTable = "read_parquet('" + analytics(root, "events") + "/*/*.parquet', hive_partitioning=true)";
        assertThat(query("SELECT CAST(day AS VARCHAR), type, image_id, variant, render_ms FROM " + eventsTable
                + " ORDER BY sequence")).containsExactly(
                Arrays.asList("2026-05-01", "image.stored", a.id().value(), null, null),
                Arrays.asList("2026-05-01", "image.stored", b.id().value(), null, null),
                Arrays.asList("2026-05-02", "image.stored", c.id().value(), null, null),
                List.of("2026-05-01", "rendition.ready", a.id().value(), "thumb", 120.0),
                List.of("2026-05-02", "rendition.ready", c.id().value(), "thumb", 340.0));
        assertThat(query("SELECT typeof(occurred_at) FROM " + eventsTable + " LIMIT 1")).containsExactly(List.of("TIMESTAMP"));
        try (Stream<Path> left = Files.list(blobs.spoolDirectory())) {
            assertThat(left).as("scratch files").isEmpty();
        }
    }

    /** A dead job stored nothing: its sizes are null, not zeros that would pull averages down. */
    @Test
    void aDeadJobsEventHasNoSizes() throws Exception {
        ImageRecord r = upload(at(DAY1, 8), "Doomed");
        events.append(ImageEvent.jobDead(r.id(), r.owner(), Optional.empty(), "NoSuchFileException", at(DAY1, 9)));
        Path root = dir.resolve("blobs");
        exporter(new FileSystemBlobStore(root), 1000).export(DAY1, DAY1, AnalyticsFormat.PARQUET);

        String eventsTable = "read_parquet('" + analytics(root, "events") + "/*/*.parquet', hive_partitioning=true)";
        assertThat(query("SELECT type, bytes, width, height, error FROM " + eventsTable + " ORDER BY sequence")).containsExactly(
                Arrays.asList("image.stored", 1000L, 640, 480, null),
                Arrays.asList("job.dead", null, null, null, "NoSuchFileException"));
    }

    @Test
    void aDayExportedAgainIsReplacedNeverDuplicated() throws Exception {
        ImageRecord kept = upload(at(DAY1, 8), "Kept", "sea");
        ImageRecord gone = upload(at(DAY1, 9), "Gone");
        Path root = dir.resolve("blobs");
        FileSystemBlobStore blobs = new FileSystemBlobStore(root);
        exporter(blobs, 1000).export(DAY1, DAY1, AnalyticsFormat.PARQUET);

        store.records().remove(gone.id(), NOW, Optional.empty(), key -> { });
        ImageRecord added = upload(at(DAY1, 10), "Added");
        store.records().edit(kept.id(), RecordPatch.metadata(new ImageMetadata("Kept, renamed", null, List.of("sea", "dawn"))), NOW);
        exporter(blobs, 1000).export(DAY1, DAY1, AnalyticsFormat.PARQUET);
        exporter(blobs, 1000).exportRecent(AnalyticsFormat.PARQUET);  // yesterday and today: DAY1, DAY2

        String images = "read_parquet('" + analytics(root, "images") + "/*/*.parquet', hive_partitioning=true)";
        assertThat(query("SELECT id, title, tags FROM " + images + " ORDER BY created_at")).containsExactly(
                List.of(kept.id().value(), "Kept, renamed", List.of("sea", "dawn")),
                List.of(added.id().value(), "Added", List.of()));
        String eventsTable = "read_parquet('" + analytics(root, "events") + "/*/*.parquet', hive_partitioning=true)";
        assertThat(query("SELECT count(*), count(DISTINCT sequence) FROM " + eventsTable)).containsExactly(List.of(3L, 3L));
        assertThat(query("SELECT count(*) FROM " + images + " WHERE day = '2026-05-02'")).containsExactly(List.of(0L));
    }

    @Test
    void csvHasAHeaderQuotesAsRfc4180AndReplacesTheDaysParquet() throws Exception {
        ImageRecord quoted = upload(at(DAY1, 8), "Harbour, \"at dawn\"", "sea", "boats");
        Path root = dir.resolve("blobs");
        FileSystemBlobStore blobs = new FileSystemBlobStore(root);
        exporter(blobs, 1000).export(DAY1, DAY1, AnalyticsFormat.PARQUET);
        exporter(blobs, 1000).export(DAY1, DAY1, AnalyticsFormat.CSV);

        Path day = analytics(root, "images").resolve("day=2026-05-01");
        try (Stream<Path> files = Files.list(day)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("images-2026-05-01.csv");
        }
        List<String> lines = Files.readAllLines(day.resolve("images-2026-05-01.csv"), StandardCharsets.UTF_8);
        assertThat(lines.getFirst()).isEqualTo("id,owner,status,filename,format,bytes,width,height,has_alpha,sha256,"
                + "visibility,title,tags,created_at,updated_at,taken_at,camera_make,camera_model,expires_at");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(quoted.id() + ",ana,ready,IMG_0001.jpg,jpeg,1000,640,480,false,")
                .contains(",\"Harbour, \"\"at dawn\"\"\",\"sea,boats\",2026-05-01 08:00:00.000,");
        assertThat(query("SELECT title, tags, typeof(created_at) FROM read_csv('" + day + "/*.csv', header=true)"))
                .containsExactly(List.of("Harbour, \"at dawn\"", "sea,boats", "TIMESTAMP"));
        assertThat(Files.readAllLines(analytics(root, "events").resolve("day=2026-05-01/events-2026-05-01.csv")).getFirst())
                .isEqualTo("sequence,event_id,type,occurred_at,image_id,owner,variant,format,bytes,width,height,render_ms,error");
    }

    @Test
    void onS3TheSameKeysLandInTheBucket() throws Exception {
        upload(at(DAY1, 8), "One");
        try (S3Server server = S3Server.start()) {
            S3Settings settings = new S3Settings("analytics-originals", "analytics-renditions", S3Server.REGION,
                    Optional.of(server.endpoint()), true, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(S3Server.ACCESS_KEY), Optional.of(S3Server.SECRET_KEY), dir.resolve("spool"),
                    6L * 1024 * 1024, 5L * 1024 * 1024);
            try (S3AsyncClient client = S3Clients.create(settings)) {
                client.createBucket(b -> b.bucket(settings.originalsBucket())).join();
                client.createBucket(b -> b.bucket(settings.renditionsBucket())).join();
                S3BlobStore blobs = new S3BlobStore(client, settings);
                exporter(blobs, 1000).export(DAY1, DAY2, AnalyticsFormat.PARQUET);

                List<String> keys = client.listObjectsV2(b -> b.bucket(settings.renditionsBucket()).prefix("analytics/"))
                        .join().contents().stream().map(o -> o.key()).sorted().toList();
                assertThat(keys).containsExactly(
                        "analytics/events/day=2026-05-01/events-2026-05-01.parquet",
                        "analytics/events/day=2026-05-02/events-2026-05-02.parquet",
                        "analytics/images/day=2026-05-01/images-2026-05-01.parquet",
                        "analytics/images/day=2026-05-02/images-2026-05-02.parquet");
                Path copy = dir.resolve("copy.parquet");
                client.getObject(b -> b.bucket(settings.renditionsBucket()).key(keys.get(2)),
                        software.amazon.awssdk.core.async.AsyncResponseTransformer.toFile(copy)).join();
                assertThat(query("SELECT title FROM read_parquet('" + copy + "')")).containsExactly(List.of("One"));
            }
        }
    }

    @Test
    void aBackwardRangeIsRefused() {
        FileSystemBlobStore blobs;
        try {
            blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThatThrownBy(() -> exporter(blobs, 10).export(DAY2, DAY1, AnalyticsFormat.PARQUET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after");
    }

    @Test
    void aDayAfterTodayIsRefusedAndNothingIsWritten() throws Exception {
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        assertThatThrownBy(() -> exporter(blobs, 10).export(DAY2, DAY2.plusDays(1), AnalyticsFormat.PARQUET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after today (2026-05-02, UTC)");
        assertThat(dir.resolve("blobs/analytics")).doesNotExist();
    }

    @Test
    void aDayTheEventLogMayHavePrunedKeepsItsEventsFileAndItsImagesAreWrittenAgain() throws Exception {
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        upload(at(DAY1, 9), "Harbour");
        // Written when the day was whole; thirty days later the log keeps only its last part.
        exporter(blobs, 1000).export(DAY1, DAY1, AnalyticsFormat.CSV);
        Path file = dir.resolve("blobs/analytics/events/day=2026-05-01/events-2026-05-01.csv");
        byte[] before = Files.readAllBytes(file);
        assertThat(Files.readAllLines(file)).as("the header and the day's event").hasSize(2);
        events.prune(at(DAY2, 0), Long.MAX_VALUE, 1000); // pruned, as the retention sweep does
        ExportAnalytics later = new ExportAnalytics(store.export(), events, new DuckDbAnalyticsWriter("64MB"), blobs,
                Clock.fixed(Instant.parse("2026-05-31T06:00:00Z"), ZoneOffset.UTC), 1000, java.time.Duration.ofDays(30));

        List<ExportAnalytics.DayFile> files = later.export(DAY1, DAY2, AnalyticsFormat.CSV);

        assertThat(files).filteredOn(ExportAnalytics.DayFile::kept).extracting(f -> f.key().value())
                .containsExactly("analytics/events/day=2026-05-01/events-2026-05-01.csv");
        assertThat(Files.readAllBytes(file)).as("the day's events file as it was").isEqualTo(before);
        assertThat(files).filteredOn(f -> f.table().equals(ExportAnalytics.IMAGES)).as("images are never pruned").hasSize(2)
                .allMatch(f -> !f.kept());
        assertThat(dir.resolve("blobs/analytics/events/day=2026-05-02/events-2026-05-02.csv")).as("a day still whole").exists();
    }
}
