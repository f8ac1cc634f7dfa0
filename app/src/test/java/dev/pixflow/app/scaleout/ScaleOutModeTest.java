package dev.pixflow.app.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.adapter.queue.sqs.SqsJobQueue;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.testing.servers.S3Server;
import dev.pixflow.testing.servers.SqsServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One process on the scale-out engines: blobs on a real S3-compatible server, jobs on a real
 * SQS-compatible server, relayed from the catalogue's outbox. Upload, render by the worker, deliver.
 * The servers live as long as the test JVM; the context is closed after the class, so its workers
 * stop polling before then.
 */
@AutoConfigureObservability
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScaleOutModeTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final S3Server S3 = S3Server.start();
    static final SqsServer SQS = SqsServer.start();

    @Autowired
    BlobStore blobs;
    @Autowired
    JobQueue queue;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        try (S3Client admin = S3Client.builder().endpointOverride(S3.endpoint()).region(Region.of(S3Server.REGION))
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))).build()) {
            admin.createBucket(b -> b.bucket("scaleout-originals"));
            admin.createBucket(b -> b.bucket("scaleout-renditions"));
        }
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.storage.type", () -> "s3");
        r.add("pixflow.storage.s3.originals-bucket", () -> "scaleout-originals");
        r.add("pixflow.storage.s3.renditions-bucket", () -> "scaleout-renditions");
        r.add("pixflow.storage.s3.endpoint", () -> S3.endpoint().toString());
        r.add("pixflow.storage.s3.path-style", () -> "true");
        r.add("pixflow.storage.s3.access-key", () -> S3Server.ACCESS_KEY);
        r.add("pixflow.storage.s3.secret-key", () -> S3Server.SECRET_KEY);
        r.add("pixflow.queue.type", () -> "sqs");
        r.add("pixflow.queue.sqs.create", () -> "true");
        r.add("pixflow.queue.sqs.queue-name", () -> "scaleout-jobs");
        r.add("pixflow.queue.sqs.endpoint", () -> SQS.endpoint().toString());
        r.add("pixflow.queue.sqs.access-key", () -> "x");
        r.add("pixflow.queue.sqs.secret-key", () -> "x");
        r.add("pixflow.queue.sqs.long-poll", () -> "1s");
    }

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
        var original = http().bytes(http().request("/i/" + id + "/original").header("Range", "bytes=0-9").build());
        assertThat(original.statusCode()).isEqualTo(206);
        assertThat(original.body()).hasSize(10);

        assertThat(queue.stats().depth()).isZero();
        String metrics = http().get("/actuator/prometheus").body();
        assertThat(metrics).contains("pixflow_queue_depth").contains("pixflow_queue_oldest_age_seconds");
    }
}
