package dev.pixflow.app.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.WorkerPool;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With a render deadline no render can meet: a render on a request answers 503 {@code render-timeout}
 * and keeps nothing; a worker's job fails on each attempt, then is dead-lettered and its image failed.
 * The upload itself renders nothing, so it is accepted as usual.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RenderDeadlineTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.engine.render-deadline", () -> "1ms");
        r.add("pixflow.queue.max-attempts", () -> "2");
        r.add("pixflow.worker.enabled", () -> "false");
    }

    @Autowired
    WorkerPool workers;

    @TempDir
    Path tmp;

    /** A JPEG of its own (not a duplicate of another test's). */
    private String upload(int height) throws Exception {
        HttpResponse<String> created = http().uploadRaw(TestImages.jpeg(tmp, 2400, height), "image/jpeg", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).get("id").asText();
    }

    @Test
    void aRenderOnARequestPastTheDeadlineAnswers503AndKeepsNothing() throws Exception {
        String id = upload(1600);

        for (String path : new String[]{"/i/" + id + "/medium", "/t/_/w:300,f:webp/" + id}) {
            HttpResponse<String> late = http().get(path);
            assertThat(late.statusCode()).as(path + ": " + late.body()).isEqualTo(503);
            assertThat(late.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = Http.json(late);
            assertThat(problem.get("type").asText()).isEqualTo("urn:pixflow:problem:render-timeout");
            assertThat(problem.get("detail").asText()).contains("deadline of 1 ms");
        }
        assertThat(record(id).get("variants").get("medium").get("status").asText()).isEqualTo("pending");
    }

    @Test
    void aJobPastTheDeadlineIsRetriedThenDeadLetteredAndItsImageFailed() throws Exception {
        String id = upload(1500);
        workers.start();

        // Two attempts, the second after the first backoff (2 s). The image is marked failed just before
        // its job is buried, so the wait is for both.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> record(id).get("status").asText().equals("failed") && deadLetters().findValuesAsText("imageId").contains(id));
        JsonNode dead = deadLetters();
        assertThat(dead).anySatisfy(job -> {
            assertThat(job.get("imageId").asText()).isEqualTo(id);
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            assertThat(job.get("lastError").asText()).startsWith("DeadlineExceededException: the render passed its deadline");
        });
        assertThat(record(id).get("variants").get("thumb").get("status").asText()).isNotEqualTo("ready");
    }

    private JsonNode deadLetters() {
        return Http.json(http().get("/v1/admin/dead-letters")).get("items");
    }
}
