package dev.pixflow.app.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.adapter.queue.sqs.SqsJobQueue;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.app.support.ScaleOutServers;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One process on the scale-out engines: blobs on a real S3-compatible server, jobs on a real
 * SQS-compatible server relayed from the catalogue's outbox, the catalogue in PostgreSQL (or, in the
 * nested variant, still in SQLite). Upload, render by the worker, deliver. The servers live as long as
 * the test JVM; each context is closed after its class, so its workers stop polling before then.
 */
class ScaleOutModeTest {

    abstract static class UploadRenderDeliver extends PixflowTestBase {
        static final Path DATA = newDataDir();

        static void register(DynamicPropertyRegistry r, Map<String, String> settings) {
            r.add("pixflow.data-dir", DATA::toString);
            settings.forEach((k, v) -> r.add(k, () -> v));
        }

        @Autowired
        BlobStore blobs;
        @Autowired
        JobQueue queue;
        @Autowired
        SqlDatabase catalogue;

        @Test
        void anUploadIsStoredOnS3RenderedThroughSqsAndDelivered() throws Exception {
            assertThat(blobs).isInstanceOf(S3BlobStore.class);
            assertThat(queue).isInstanceOf(SqsJobQueue.class);

            Path photo = TestImages.jpeg(DATA, 1600, 1200);
            var created = http().uploadRaw(photo, "image/jpeg", "filename=harbour.jpg");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = Http.json(created).get("id").asText();

            JsonNode ready = awaitReady(id);
            assertThat(ready.get("variants").get("thumb").get("width").asInt()).isEqualTo(256);
            var thumb = http().bytes(http().request("/i/" + id + "/thumb").build());
            assertThat(thumb.statusCode()).isEqualTo(200);
            assertThat(thumb.body()).hasSizeGreaterThan(100);
            var original = http().bytes(http().request("/i/" + id + "/original").header("Range", "bytes=10-19").build());
            assertThat(original.statusCode()).isEqualTo(206);
            assertThat(original.body()).hasSize(10);
            assertThat(original.headers().firstValue("Content-Range")).contains("bytes 10-19/" + ready.get("bytes").asLong());

            assertThat(queue.stats().depth()).isZero();
            String metrics = http().get("/actuator/prometheus").body();
            assertThat(metrics).contains("pixflow_queue_depth").contains("pixflow_queue_oldest_age_seconds");
        }
    }

    @AutoConfigureObservability
    @DirtiesContext
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    static class OnPostgres extends UploadRenderDeliver {
        @DynamicPropertySource
        static void props(DynamicPropertyRegistry r) {
            register(r, ScaleOutServers.all("onpostgres"));
            r.add("pixflow.security.limits.stored-bytes", () -> Long.toString(QUOTA));
        }

        /** Room for this class's small photos, not for a large noisy one. */
        static final long QUOTA = 400_000;

        @Autowired
        org.springframework.core.env.Environment env;
        @Autowired
        io.micrometer.core.instrument.MeterRegistry registry;

        @Test
        void theCatalogueIsPostgres() throws Exception {
            try (var connection = catalogue.dataSource().getConnection()) {
                assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            }
        }

        @Test
        void anObjectWrittenStraightIntoTheBucketBecomesAnImageOnce() throws Exception {
            Path photo = TestImages.jpeg(DATA, 900, 700);
            String eTag = ScaleOutServers.putObject("onpostgres-originals", "incoming/Beach Day.JPG", photo);
            String event = event("incoming/Beach+Day.JPG", photo, eTag, "0055AED6DCD90281E5");
            String queue = env.getProperty("pixflow.storage.s3.incoming-queue-url");
            ScaleOutServers.send(queue, event);

            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> byFilename("Beach Day.JPG").size() == 1);
            String id = byFilename("Beach Day.JPG").getFirst().get("id").asText();
            assertThat(awaitReady(id).get("sha256").asText()).isNotBlank();
            await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                    !ScaleOutServers.keys("onpostgres-originals").contains("incoming/Beach Day.JPG"));

            // The key written again, its event not yet in; then the first event again (SQS delivers at least
            // once): the image it made is found, not doubled, and the new write is not the old event's to remove.
            Path again = TestImages.jpeg(DATA, 640, 480);
            String againTag = ScaleOutServers.putObject("onpostgres-originals", "incoming/Beach Day.JPG", again);
            ScaleOutServers.send(queue, event);
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> incoming("already-ingested") >= 1);
            assertThat(byFilename("Beach Day.JPG")).hasSize(1);
            assertThat(ScaleOutServers.keys("onpostgres-originals")).contains("incoming/Beach Day.JPG");

            ScaleOutServers.send(queue, event("incoming/Beach+Day.JPG", again, againTag, "0055AED6DCD90281F7"));
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> byFilename("Beach Day.JPG").size() == 2);
            assertThat(byFilename("Beach Day.JPG")).extracting(i -> i.get("width").asInt()).containsExactlyInAnyOrder(900, 640);
            await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                    !ScaleOutServers.keys("onpostgres-originals").contains("incoming/Beach Day.JPG"));
        }

        /** An owner over its quota is no fault of the object's: it stays in the bucket, for a later try. */
        @Test
        void anObjectOfAnOwnerOverItsQuotaStaysInTheBucket() throws Exception {
            Path large = dev.pixflow.app.faults.NoisyPhotos.jpeg(DATA, 1200, 1000, 7);
            assertThat(java.nio.file.Files.size(large)).isGreaterThan(QUOTA);
            String eTag = ScaleOutServers.putObject("onpostgres-originals", "incoming/large.jpg", large);
            ScaleOutServers.send(env.getProperty("pixflow.storage.s3.incoming-queue-url"),
                    event("incoming/large.jpg", large, eTag, "0055AED6DCD9028200"));
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> incoming("over-quota") >= 1);
            assertThat(ScaleOutServers.keys("onpostgres-originals")).contains("incoming/large.jpg");
            assertThat(incoming("refused")).isZero();
            assertThat(byFilename("large.jpg")).isEmpty();
        }

        private double incoming(String outcome) {
            var counter = registry.find("pixflow.incoming.objects").tag("outcome", outcome).counter();
            return counter == null ? 0 : counter.count();
        }

        /** The bucket's notification of {@code file} written under {@code key} (URL-encoded, as S3 sends it). */
        private static String event(String key, Path file, String eTag, String sequencer) throws java.io.IOException {
            return """
                    {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventTime":"2026-11-21T12:00:00.123Z",
                    "eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"onpostgres-originals"},
                    "object":{"key":"%s","size":%d,"eTag":"%s","sequencer":"%s"}}}]}"""
                    .formatted(key, java.nio.file.Files.size(file), eTag, sequencer);
        }

        private java.util.List<JsonNode> byFilename(String filename) {
            java.util.List<JsonNode> out = new java.util.ArrayList<>();
            Http.json(http().get("/v1/images?limit=100")).get("items").forEach(i -> {
                if (filename.equals(i.get("filename").asText())) {
                    out.add(i);
                }
            });
            return out;
        }
    }

    @AutoConfigureObservability
    @DirtiesContext
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    static class OnSqlite extends UploadRenderDeliver {
        @DynamicPropertySource
        static void props(DynamicPropertyRegistry r) {
            register(r, ScaleOutServers.s3AndSqs("onsqlite"));
        }
    }
}
