package dev.pixflow.app.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images that expire: a default time to live and a per-image expiry, set at upload and by PATCH; from
 * its expiry an image is gone (410) in the API and delivery; the sweeper removes it with its renditions
 * and original, and its tombstone keeps answering 410 where a never-existing id gets 404.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class ExpiryTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.lifecycle.default-ttl", () -> "P7D");
        r.add("pixflow.lifecycle.sweep-interval", () -> "1h");
    }

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Autowired
    LifecycleSweeper sweeper;
    @TempDir
    Path tmp;

    private HttpResponse<String> patch(String id, String json) {
        return http().send(http().request("/v1/images/" + id).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static long storedFiles(String dir) throws Exception {
        Path root = DATA.resolve("blobs").resolve(dir);
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void anImageExpiresIsGoneEverywhereAndIsSweptLeavingATombstone() throws Exception {
        Instant uploadedAt = CLOCK.instant();
        JsonNode kept = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 640, 480), "image/jpeg", "title=Kept"));
        assertThat(Instant.parse(kept.get("expiresAt").asText())).isEqualTo(uploadedAt.plus(Duration.ofDays(7)));
        Instant soon = uploadedAt.plus(Duration.ofHours(1));
        HttpResponse<String> created = http().uploadRaw(TestImages.jpeg(tmp, 641, 480), "image/jpeg",
                "title=Private%20moment&expiresAt=" + soon);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Http.json(created).get("id").asText();
        assertThat(Http.json(created).get("expiresAt").asText()).isEqualTo(soon.toString());
        awaitReady(id);
        assertThat(storedFiles("renditions")).isPositive();

        CLOCK.advance(Duration.ofHours(2));

        HttpResponse<String> api = http().get("/v1/images/" + id);
        assertThat(api.statusCode()).as(api.body()).isEqualTo(410);
        assertThat(Http.json(api).get("type").asText()).isEqualTo("urn:pixflow:problem:expired");
        assertThat(http().bytes(http().request("/i/" + id + "/thumb").build()).statusCode()).isEqualTo(410);
        assertThat(http().bytes(http().request("/i/" + id + "/original").build()).statusCode()).isEqualTo(410);
        assertThat(http().bytes(http().request("/t/_/w:200/" + id).build()).statusCode()).isEqualTo(410);
        HttpResponse<String> rendition = http().send(http().request("/v1/images/" + id + "/renditions")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"recipe\": \"w:10\"}")).build());
        assertThat(rendition.statusCode()).as("no rendition of an expired image: " + rendition.body()).isEqualTo(410);
        assertThat(Http.json(http().get("/v1/images?q=moment")).get("items")).isEmpty();
        assertThat(Http.json(http().get("/v1/images?q=kept%20private")).get("items")).isEmpty();
        assertThat(Http.json(http().get("/v1/images?q=kept")).get("items")).extracting(i -> i.get("id").asText())
                .containsExactly(kept.get("id").asText());

        long originals = storedFiles("originals");
        assertThat(sweeper.sweepNow()).isEqualTo(1);
        assertThat(sweeper.sweepNow()).as("sweeping again finds nothing").isZero();

        assertThat(http().get("/v1/images/" + id).statusCode()).isEqualTo(410);
        assertThat(http().bytes(http().request("/i/" + id + "/large").build()).statusCode()).isEqualTo(410);
        assertThat(http().get("/v1/images/0190a000-0000-7000-8000-999999999999").statusCode()).isEqualTo(404);
        assertThat(storedFiles("originals")).as("the expired image's original is deleted").isEqualTo(originals - 1);
        assertThat(storedFiles("renditions/" + id)).isZero();
        assertThat(http().get("/actuator/prometheus").body()).containsPattern("pixflow_lifecycle_expired_total\\S* 1\\.0");
    }

    @Test
    void expiryIsChangedAndRemovedByPatchAndNeverInThePast() throws Exception {
        String id = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 700, 500), "image/jpeg", null)).get("id").asText();
        Instant later = CLOCK.instant().plus(Duration.ofDays(30));

        HttpResponse<String> moved = patch(id, "{\"expiresAt\": \"" + later + "\"}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(Http.json(moved).get("expiresAt").asText()).isEqualTo(later.toString());

        HttpResponse<String> never = patch(id, "{\"expiresAt\": null}");
        assertThat(Http.json(never).has("expiresAt")).isFalse();
        CLOCK.advance(Duration.ofDays(60));
        assertThat(http().get("/v1/images/" + id).statusCode()).isEqualTo(200);

        HttpResponse<String> past = patch(id, "{\"expiresAt\": \"2020-01-01T00:00:00Z\"}");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(Http.json(past).get("field").asText()).isEqualTo("expiresAt");
        HttpResponse<String> pastUpload = http().uploadRaw(TestImages.jpeg(tmp, 701, 500), "image/jpeg",
                "expiresAt=2020-01-01T00:00:00Z");
        assertThat(pastUpload.statusCode()).isEqualTo(400);
    }

    @Test
    void anExpiryBeyondTheCalendarIsRefusedAndTheRestOfItsEditIsNotKept() throws Exception {
        String id = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 702, 500), "image/jpeg", "title=unchanged"))
                .get("id").asText();

        // An empty one too: a client's unset variable is no "never" (that is null), which would lift a privacy setting.
        for (String far : new String[]{"+999999999-12-31T23:59:59Z", "+999999999-12-31", "+292278994-08-17T07:12:55.807Z",
                "10000-01-01T00:00:00Z", "", " "}) {
            HttpResponse<String> refused = patch(id, "{\"title\": \"changed\", \"tags\": [\"changed\"], \"expiresAt\": \""
                    + far + "\"}");
            assertThat(refused.statusCode()).as(far + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Http.json(refused).get("field").asText()).isEqualTo("expiresAt");
        }
        var record = Http.json(http().get("/v1/images/" + id));
        assertThat(record.get("title").asText()).isEqualTo("unchanged");
        assertThat(record.get("tags")).isEmpty();

        HttpResponse<String> farUpload = http().uploadRaw(TestImages.jpeg(tmp, 703, 500), "image/jpeg",
                "expiresAt=%2B999999999-12-31T23:59:59Z");
        assertThat(farUpload.statusCode()).as(farUpload.body()).isEqualTo(400);
        HttpResponse<String> emptyUpload = http().uploadRaw(TestImages.jpeg(tmp, 704, 500), "image/jpeg", "expiresAt=");
        assertThat(emptyUpload.statusCode()).as(emptyUpload.body()).isEqualTo(400);
        assertThat(Http.json(emptyUpload).get("field").asText()).isEqualTo("expiresAt");
        HttpResponse<String> farSearch = http().get("/v1/images?from=-999999999-01-01T00:00:00Z");
        assertThat(farSearch.statusCode()).as(farSearch.body()).isEqualTo(400);
        assertThat(Http.json(farSearch).get("field").asText()).isEqualTo("from");
        assertThat(http().get("/v1/images?takenTo=%2B999999999-12-31").statusCode()).isEqualTo(400);
        // The last day there is still works, as the end of a search.
        assertThat(http().get("/v1/images?to=9999-12-31").statusCode()).isEqualTo(200);
    }
}
