package dev.pixflow.app.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.PixflowApplication;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.ScaleOutServers;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Pixflow processes (two application contexts, each with its own connection pool, port, data
 * directory and workers) on one PostgreSQL: a key's rate limit and an owner's storage quota are counted
 * once for both, not once per process.
 */
class SharedLimitsTest {
    /** Three different photos; the quota has room for the first two and half the third. */
    private static List<Path> photos;
    private static long quota;
    private static final List<ConfigurableApplicationContext> processes = new ArrayList<>();
    private static Http one;
    private static Http two;
    private static ApiKeys keys;

    @BeforeAll
    static void startTwoProcesses() throws Exception {
        Path dir = Files.createTempDirectory("pixflow-test-");
        photos = List.of(TestImages.jpeg(dir, 400, 300), TestImages.jpeg(dir, 410, 300), TestImages.jpeg(dir, 420, 300));
        quota = Files.size(photos.get(0)) + Files.size(photos.get(1)) + Files.size(photos.get(2)) / 2;
        Map<String, String> shared = new HashMap<>(ScaleOutServers.all("sharedlimits"));
        shared.put("pixflow.security.limits.uploads-per-minute", "3");
        shared.put("pixflow.security.limits.stored-bytes", Long.toString(quota));
        for (int i = 0; i < 2; i++) {
            Map<String, String> settings = new HashMap<>(shared);
            settings.put("pixflow.data-dir", Files.createTempDirectory("pixflow-test-").toString());
            settings.put("server.port", "0");
            processes.add(new SpringApplicationBuilder(PixflowApplication.class)
                    .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new)));
        }
        one = new Http(port(processes.get(0)));
        two = new Http(port(processes.get(1)));
        keys = processes.get(0).getBean(ApiKeys.class);
    }

    @AfterAll
    static void stop() {
        processes.forEach(ConfigurableApplicationContext::close);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void aKeysUploadsAMinuteAreCountedOnceOverBothProcesses(@TempDir Path tmp) throws Exception {
        String token = keys.issue("rate", false).token();
        AsKey viaOne = new AsKey(one, token);
        AsKey viaTwo = new AsKey(two, token);
        Path small = TestImages.jpeg(tmp, 64, 48);

        assertThat(viaOne.upload(small, "allowDuplicate=true").statusCode()).isEqualTo(201);
        assertThat(viaTwo.upload(small, "allowDuplicate=true").statusCode()).isEqualTo(201);
        assertThat(viaOne.upload(small, "allowDuplicate=true").statusCode()).isEqualTo(201);
        // Per-process buckets would let three more through the second process.
        var refused = viaTwo.upload(small, "allowDuplicate=true");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        JsonNode problem = Http.json(refused);
        assertThat(problem.get("type").asText()).isEqualTo("urn:pixflow:problem:rate-limited");
        assertThat(problem.get("rateLimit").asText()).isEqualTo("uploads-per-minute");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isPositive());
        assertThat(viaOne.json("POST", "/v1/uploads", "{\"filename\": \"a.jpg\"}").statusCode()).isEqualTo(429);
    }

    @Test
    void anOwnersStoredBytesAreCountedOverBothProcessesAndARefusedUploadStoresNothing() throws Exception {
        // Two keys of one owner: the quota is the owner's, each key has its own rate.
        AsKey viaOne = new AsKey(one, keys.issue("full", false).token());
        AsKey viaTwo = new AsKey(two, keys.issue("full", false).token());
        int originalsBefore = ScaleOutServers.keys("sharedlimits-originals").size();

        assertThat(viaOne.upload(photos.get(0), null).statusCode()).isEqualTo(201);
        assertThat(viaTwo.upload(photos.get(1), null).statusCode()).isEqualTo(201);
        var refused = viaOne.upload(photos.get(2), null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        JsonNode problem = Http.json(refused);
        assertThat(problem.get("type").asText()).isEqualTo("urn:pixflow:problem:quota-exceeded");
        assertThat(problem.get("quota").asText()).isEqualTo("stored-bytes");
        assertThat(problem.get("limit").asLong()).isEqualTo(quota);
        assertThat(problem.get("used").asLong()).isEqualTo(Files.size(photos.get(0)) + Files.size(photos.get(1)));

        assertThat(ScaleOutServers.keys("sharedlimits-originals")).as("the refused upload stored nothing")
                .hasSize(originalsBefore + 2);
        assertThat(Http.json(viaTwo.get("/v1/images")).get("items")).hasSize(2);
        // A multipart upload that declares more than the room left is refused at its start, on either process.
        var start = viaTwo.json("POST", "/v1/uploads", "{\"filename\": \"big.jpg\", \"size\": " + Files.size(photos.get(2)) + "}");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(413);
        assertThat(Http.json(start).get("type").asText()).isEqualTo("urn:pixflow:problem:quota-exceeded");

        // A rendition asked for by recipe counts too: made while there is room (its size is known only
        // then), after which the owner is past the quota and the next one is refused before it is queued.
        String image = Http.json(viaTwo.get("/v1/images")).get("items").get(0).get("id").asText();
        var big = viaOne.json("POST", "/v1/images/" + image + "/renditions",
                "{\"name\": \"poster\", \"recipe\": \"w:1200,h:900,fit:fill,enlarge:1,f:png,cl:0\"}");
        assertThat(big.statusCode()).as(big.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                "ready".equals(Http.json(viaOne.get("/v1/images/" + image)).path("variants").path("poster").path("status").asText()));
        var more = viaTwo.json("POST", "/v1/images/" + image + "/renditions", "{\"recipe\": \"w:100,f:png\"}");
        assertThat(more.statusCode()).as(more.body()).isEqualTo(413);
        assertThat(Http.json(more).get("type").asText()).isEqualTo("urn:pixflow:problem:quota-exceeded");
        assertThat(Http.json(more).get("used").asLong()).isGreaterThan(quota);
        assertThat(Http.json(viaOne.get("/v1/images/" + image)).path("variants").size()).as("nothing queued for it")
                .isEqualTo(4);
    }
}
