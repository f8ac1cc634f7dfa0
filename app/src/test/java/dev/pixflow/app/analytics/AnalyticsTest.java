package dev.pixflow.app.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.app.support.ScaleOutServers;
import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin statistics and the export command against a running server, on SQLite with local files and
 * on PostgreSQL with S3: the numbers of {@code GET /v1/admin/stats} are those of what the test uploaded
 * (counts, bytes, formats, tags, one render time per variant made), a bad {@code days} is a 400
 * problem, and {@code pixflow export} run beside the server writes that day's records and events,
 * read back by DuckDB; a worker process exports by itself on its interval.
 */
class AnalyticsTest {

    abstract static class StatsAndExport extends PixflowTestBase {
        @Autowired
        BlobStore blobs;
        @Autowired
        ApiKeys keys;

        /** The settings the server runs with, which the export command is given too. */
        abstract Map<String, String> settings();

        record Uploaded(String id, long bytes) {
        }

        private Uploaded upload(Path file, String contentType, String tags) throws Exception {
            var created = http().uploadRaw(file, contentType, "filename=" + file.getFileName() + "&tags=" + tags);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode json = Http.json(created);
            awaitReady(json.get("id").asText());
            return new Uploaded(json.get("id").asText(), json.get("bytes").asLong());
        }

        @Test
        void statsCountWhatWasUploadedAndTheExportWritesIt() throws Exception {
            Path dir = Path.of(settings().get("pixflow.data-dir"));
            Uploaded a = upload(TestImages.jpeg(dir, 800, 600), "image/jpeg", "sea,boats");
            Uploaded b = upload(TestImages.jpeg(dir, 640, 480), "image/jpeg", "sea");
            Uploaded c = upload(TestImages.png(dir, 300, 200), "image/png", "city");
            LocalDate today = LocalDate.now(ZoneOffset.UTC);

            var response = http().get("/v1/admin/stats?days=7");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode stats = Http.json(response);
            JsonNode perDay = stats.get("uploadsPerDay");
            assertThat(perDay).hasSize(7);
            assertThat(perDay.get(6).get("day").asText()).isEqualTo(today.toString());
            assertThat(perDay.get(6).get("uploads").asLong()).isEqualTo(3);
            assertThat(perDay.get(6).get("bytes").asLong()).isEqualTo(a.bytes() + b.bytes() + c.bytes());
            assertThat(perDay.get(0).get("uploads").asLong()).isZero();
            assertThat(stats.get("formats").toString()).isEqualTo("[{\"format\":\"jpeg\",\"images\":2,\"bytes\":%d},"
                    .formatted(a.bytes() + b.bytes()) + "{\"format\":\"png\",\"images\":1,\"bytes\":%d}]".formatted(c.bytes()));
            assertThat(stats.get("topTags").toString()).isEqualTo(
                    "[{\"tag\":\"sea\",\"images\":2},{\"tag\":\"boats\",\"images\":1},{\"tag\":\"city\",\"images\":1}]");
            assertThat(stats.get("totals").get("images").asLong()).isEqualTo(3);
            assertThat(stats.get("totals").get("bytes").asLong()).isEqualTo(a.bytes() + b.bytes() + c.bytes());
            JsonNode render = stats.get("renderTime");
            assertThat(render.get("count").asLong()).isEqualTo(9);
            assertThat(render.get("truncated").asBoolean()).isFalse();
            for (String variant : List.of("thumb", "medium", "large")) {
                JsonNode v = render.get("variants").get(variant);
                assertThat(v.get("count").asLong()).as(variant).isEqualTo(3);
                assertThat(v.get("p50").asLong()).isLessThanOrEqualTo(v.get("p90").asLong());
                assertThat(v.get("max").asLong()).isGreaterThanOrEqualTo(v.get("p99").asLong()).isPositive();
            }

            // The admin page's live charts: what every process did, minute by minute, from the event log.
            var recent = http().get("/v1/admin/activity?minutes=5");
            assertThat(recent.statusCode()).as(recent.body()).isEqualTo(200);
            JsonNode minutes = Http.json(recent).get("minutes");
            assertThat(minutes).hasSize(5);
            long uploads = 0;
            long renditions = 0;
            for (JsonNode m : minutes) {
                uploads += m.get("uploads").asLong();
                renditions += m.get("renditions").asLong();
                assertThat(m.get("meanRenderMs").isNull()).as(m.toString()).isEqualTo(m.get("renditions").asLong() == 0);
                assertThat(m.get("complete").asBoolean()).as(m.toString()).isTrue();
            }
            assertThat(uploads).isEqualTo(3);
            assertThat(renditions).as("three variants of each").isEqualTo(9);
            assertThat(Instant.parse(minutes.get(4).get("at").asText())).isBeforeOrEqualTo(Instant.now())
                    .isAfter(Instant.now().minusSeconds(120));
            for (String bad : List.of("0", "61", "abc", "", "%205")) {
                var refused = http().get("/v1/admin/activity?minutes=" + bad);
                assertThat(refused.statusCode()).as(bad).isEqualTo(400);
                assertThat(Http.json(refused).get("field").asText()).isEqualTo("minutes");
            }

            for (String bad : List.of("0", "367", "abc", "-1", "", "%201")) {
                var refused = http().get("/v1/admin/stats?days=" + bad);
                assertThat(refused.statusCode()).as(bad).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
                assertThat(Http.json(refused).get("field").asText()).isEqualTo("days");
            }

            // The export command, beside the running server, with the server's settings.
            List<String> args = new ArrayList<>();
            settings().forEach((k, v) -> args.add("--" + k + "=" + v));
            args.addAll(List.of("--format", "parquet"));
            PrintStream original = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int status;
            try {
                status = ExportCommand.run(args.toArray(String[]::new));
            } finally {
                System.setOut(original);
            }
            assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
            BlobKey images = BlobKey.analytics("images", today, "parquet");
            BlobKey events = BlobKey.analytics("events", today, "parquet");
            assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                    BlobKey.analytics("images", today.minusDays(1), "parquet") + "\t0",
                    BlobKey.analytics("events", today.minusDays(1), "parquet") + "\t0",
                    images + "\t3",
                    events.toString() + "\t12");

            try (BlobStore.LocalCopy file = blobs.localCopy(images)) {
                assertThat(strings("SELECT id || ' ' || array_to_string(tags, ',') FROM read_parquet('" + file.path() + "')"))
                        .containsExactlyInAnyOrder(a.id() + " sea,boats", b.id() + " sea", c.id() + " city");
            }
            try (BlobStore.LocalCopy file = blobs.localCopy(events)) {
                assertThat(strings("SELECT type || ' ' || count(*) FROM read_parquet('" + file.path() + "') GROUP BY type"))
                        .containsExactlyInAnyOrder("image.stored 3", "rendition.ready 9");
            }

            // Last, since the first key ends open mode: the statistics are for admin keys only.
            String owner = keys.issue("ana", false).token();
            String admin = keys.issue("ops", true).token();
            assertThat(http().get("/v1/admin/stats").statusCode()).isEqualTo(401);
            assertThat(http().get("/v1/admin/activity").statusCode()).isEqualTo(401);
            assertThat(http().send(http().request("/v1/admin/activity").header("Authorization", "Bearer " + owner).build())
                    .statusCode()).isEqualTo(403);
            assertThat(http().send(http().request("/v1/admin/stats").header("Authorization", "Bearer " + owner).build())
                    .statusCode()).isEqualTo(403);
            var asAdmin = http().send(http().request("/v1/admin/stats?days=1").header("Authorization", "Bearer " + admin).build());
            assertThat(asAdmin.statusCode()).isEqualTo(200);
            assertThat(Http.json(asAdmin).get("totals").get("images").asLong()).isEqualTo(3);
        }

        private static Set<String> strings(String sql) throws SQLException {
            try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                Set<String> out = new HashSet<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    /** A worker process exports on its own, every pixflow.analytics.export-interval, in the format set. */
    @DirtiesContext
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "pixflow.analytics.export-interval=200ms", "pixflow.analytics.format=csv"})
    static class Scheduled extends PixflowTestBase {
        static final Path DATA = newDataDir();

        @DynamicPropertySource
        static void props(DynamicPropertyRegistry r) {
            r.add("pixflow.data-dir", DATA::toString);
        }

        @Autowired
        BlobStore blobs;

        @Test
        void aWorkerExportsTodayOnItsOwn() throws Exception {
            var created = http().uploadRaw(TestImages.jpeg(DATA, 400, 300), "image/jpeg", "filename=a.jpg&tags=scheduled");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = Http.json(created).get("id").asText();
            BlobKey images = BlobKey.analytics("images", LocalDate.now(ZoneOffset.UTC), "csv");
            await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
                if (blobs.find(images).isEmpty()) {
                    return false;
                }
                try (var in = blobs.open(images, 0)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(id + ",");
                }
            });
        }
    }

    @DirtiesContext
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    static class OnSqlite extends StatsAndExport {
        static final Map<String, String> SETTINGS = Map.of("pixflow.data-dir", newDataDir().toString());

        @DynamicPropertySource
        static void props(DynamicPropertyRegistry r) {
            SETTINGS.forEach((k, v) -> r.add(k, () -> v));
        }

        @Override
        Map<String, String> settings() {
            return SETTINGS;
        }
    }

    @DirtiesContext
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    static class OnPostgres extends StatsAndExport {
        static final Map<String, String> SETTINGS = new LinkedHashMap<>();

        @DynamicPropertySource
        static void props(DynamicPropertyRegistry r) {
            if (SETTINGS.isEmpty()) {
                SETTINGS.put("pixflow.data-dir", newDataDir().toString());
                SETTINGS.putAll(ScaleOutServers.all("analytics"));
            }
            SETTINGS.forEach((k, v) -> r.add(k, () -> v));
        }

        @Override
        Map<String, String> settings() {
            return SETTINGS;
        }
    }
}
