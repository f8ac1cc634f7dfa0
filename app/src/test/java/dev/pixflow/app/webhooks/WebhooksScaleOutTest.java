package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.app.support.ScaleOutServers;
import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.WebhookStore;
import dev.pixflow.core.usecase.WorkerPool;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks on the scale-out engines: the event log and the hooks in PostgreSQL, jobs on SQS, blobs
 * on S3. An upload, an object dropped into the bucket, and a job that dies on its one SQS attempt
 * all reach the receiver.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhooksScaleOutTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static WebhookReceiver receiver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        receiver = new WebhookReceiver();
        r.add("pixflow.data-dir", DATA::toString);
        ScaleOutServers.all("hooks").forEach((k, v) -> r.add(k, () -> v));
        r.add("pixflow.import.allow-loopback", () -> "true");
        r.add("pixflow.webhooks.poll", () -> "200ms");
        r.add("pixflow.queue.max-attempts", () -> "1");
        r.add("pixflow.worker.enabled", () -> "false");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Autowired
    EventLog events;
    @Autowired
    WebhookStore hooks;
    @Autowired
    BlobStore blobs;
    @Autowired
    WorkerPool workers;
    @Autowired
    Environment env;
    @Autowired
    SqlDatabase catalogue;

    @Test
    void uploadsIngestedObjectsAndADeadSqsJobReachTheHook() throws Exception {
        try (var connection = catalogue.dataSource().getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        HttpResponse<String> created = http().send(http().request("/v1/admin/webhooks").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + receiver.url("/cluster") + "\"}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = Http.json(created).get("secret").asText();

        JsonNode kept = Http.json(http().uploadRaw(TestImages.jpeg(DATA, 900, 600), "image/jpeg", null));
        JsonNode doomed = Http.json(http().uploadRaw(TestImages.jpeg(DATA, 901, 600), "image/jpeg", null));
        blobs.delete(BlobKey.content(doomed.get("sha256").asText()));
        workers.start();

        String keptId = kept.get("id").asText();
        JsonNode ready = awaitReady(keptId);
        List<String> variants = new ArrayList<>();
        ready.get("variants").fieldNames().forEachRemaining(variants::add);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.about("/cluster", keptId).size() == 1 + variants.size());
        assertThat(receiver.about("/cluster", keptId)).extracting(WebhookReceiver.Received::type)
                .containsOnly("image.stored", "rendition.ready");

        String doomedId = doomed.get("id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.about("/cluster", doomedId).stream().anyMatch(r -> r.type().equals("job.dead")));
        assertThat(receiver.about("/cluster", doomedId)).extracting(WebhookReceiver.Received::type)
                .containsExactly("image.stored", "job.dead");

        Path dropped = TestImages.jpeg(DATA, 902, 600);
        ScaleOutServers.putObject("hooks-originals", "incoming/dropped.jpg", dropped);
        ScaleOutServers.send(env.getProperty("pixflow.storage.s3.incoming-queue-url"), """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventTime":"2026-11-21T12:00:00.123Z",
                "eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"hooks-originals"},
                "object":{"key":"incoming/dropped.jpg","size":%d,"sequencer":"0055AED6DCD90281E6"}}}]}"""
                .formatted(Files.size(dropped)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> receiver.at("/cluster").stream()
                .anyMatch(r -> r.type().equals("image.stored") && r.json().get("data").get("width").asInt() == 902));

        assertThat(receiver.at("/cluster")).allSatisfy(r -> assertThat(r.signedWith(secret)).isTrue());
        assertThat(receiver.at("/cluster")).extracting(WebhookReceiver.Received::id).doesNotHaveDuplicates();
    }
}
