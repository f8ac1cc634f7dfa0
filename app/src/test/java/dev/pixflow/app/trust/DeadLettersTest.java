package dev.pixflow.app.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.core.usecase.WorkerPool;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job that cannot succeed (its original is gone) dies after its one attempt, shows in the queue
 * counts and the dead-letter list with its error, and, once the cause is fixed, a redrive over HTTP
 * puts it back and the image becomes ready. The workers start only once the original is removed, so
 * the job fails for certain.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLettersTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.queue.max-attempts", () -> "1");
        r.add("pixflow.worker.enabled", () -> "false");
    }

    @Autowired
    ApiKeys keys;

    @Autowired
    WorkerPool workers;

    @TempDir
    Path tmp;

    @Test
    void aDeadJobIsListedAndRedrivenOverHttp() throws Exception {
        AsKey owner = new AsKey(http(), keys.issue("ana", false).token());
        AsKey admin = new AsKey(http(), keys.issue("ops", true).token());
        var created = owner.upload(TestImages.jpeg(tmp, 800, 600), null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Http.json(created).get("id").asText();

        Path original = originalOf(Http.json(created).get("sha256").asText());
        Path aside = tmp.resolve("aside");
        Files.move(original, aside);
        workers.start();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                Http.json(admin.get("/v1/admin/queues")).get("queues").get(0).get("dead").asLong() == 1);
        JsonNode queue = Http.json(admin.get("/v1/admin/queues")).get("queues").get(0);
        assertThat(queue.get("depth").asLong()).isZero();
        assertThat(Http.json(owner.get("/v1/images/" + id)).get("status").asText()).isEqualTo("failed");

        var listed = admin.get("/v1/admin/dead-letters");
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode dead = Http.json(listed).get("items");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).get("imageId").asText()).isEqualTo(id);
        assertThat(dead.get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(dead.get(0).get("lastError").asText()).contains("NoSuchFile");
        assertThat(dead.get(0).get("variants")).extracting(JsonNode::asText).contains("thumb", "medium", "large");
        long jobId = dead.get(0).get("id").asLong();

        var bad = admin.json("POST", "/v1/admin/dlq/redrive", "{}");
        assertThat(bad.statusCode()).as("neither ids nor all").isEqualTo(400);
        for (String[] c : new String[][]{{"{\"foo\": 1}", "foo"}, {"{\"all\": \"yes\"}", "all"}, {"{\"ids\": []}", "ids"}}) {
            var refused = admin.json("POST", "/v1/admin/dlq/redrive", c[0]);
            assertThat(refused.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(Http.json(refused).get("field").asText()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(Http.json(admin.json("POST", "/v1/admin/dlq/redrive", "{\"ids\": [" + (jobId + 1000) + "]}"))
                .get("redriven").asInt()).as("no such dead job").isZero();

        Files.move(aside, original, StandardCopyOption.ATOMIC_MOVE);
        var redriven = admin.json("POST", "/v1/admin/dlq/redrive", "{\"ids\": [" + jobId + "]}");
        assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
        assertThat(Http.json(redriven).get("redriven").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                Http.json(owner.get("/v1/images/" + id)).get("status").asText().equals("ready"));
        assertThat(Http.json(admin.get("/v1/admin/dead-letters")).get("items")).isEmpty();
        assertThat(Http.json(admin.get("/v1/admin/queues")).get("queues").get(0).get("dead").asLong()).isZero();

        // A job that can never succeed (its image deleted since) is dropped for good, by an admin only.
        workers.stop(Duration.ofSeconds(10));
        var doomed = owner.upload(TestImages.jpeg(tmp, 640, 480), null);
        String doomedId = Http.json(doomed).get("id").asText();
        Files.delete(originalOf(Http.json(doomed).get("sha256").asText()));
        workers.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                Http.json(admin.get("/v1/admin/queues")).get("queues").get(0).get("dead").asLong() == 1);
        assertThat(owner.delete("/v1/images/" + doomedId).statusCode()).isEqualTo(204);
        assertThat(owner.json("POST", "/v1/admin/dlq/discard", "{\"all\": true}").statusCode()).isEqualTo(403);
        var discarded = admin.json("POST", "/v1/admin/dlq/discard", "{\"all\": true}");
        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        assertThat(Http.json(discarded).get("discarded").asInt()).isEqualTo(1);
        assertThat(Http.json(admin.get("/v1/admin/dead-letters")).get("items")).isEmpty();
        assertThat(Http.json(admin.get("/v1/admin/queues")).get("queues").get(0).get("dead").asLong()).isZero();
    }

    /** Originals are stored under their content's SHA-256. */
    private static Path originalOf(String sha256) throws Exception {
        try (Stream<Path> files = Files.walk(DATA.resolve("blobs/originals"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(sha256)).findFirst().orElseThrow();
        }
    }
}
