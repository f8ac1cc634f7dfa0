package dev.pixflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real photos, when the shared corpus sits beside the project: every accepted file uploads, becomes
 * ready, and has variants that fit their boxes; the truncated HEIC is refused. Skipped without the corpus.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CorpusTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final Path CORPUS = Path.of("..", "..", "shared", "corpus", "images");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @Test
    void everyCorpusImageUploadsAndRenders() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "no corpus beside the project");
        List<Path> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Map<String, Path> accepted = new LinkedHashMap<>();
        for (Path f : files) {
            var response = http().uploadRaw(f, "application/octet-stream", "filename=" + f.getFileName());
            if (f.getFileName().toString().contains("truncated")) {
                assertThat(response.statusCode()).as(f + ": " + response.body()).isEqualTo(422);
                continue;
            }
            assertThat(response.statusCode()).as(f + ": " + response.body()).isEqualTo(201);
            accepted.put(Http.json(response).get("id").asText(), f);
        }
        for (var e : accepted.entrySet()) {
            JsonNode ready = awaitReady(e.getKey());
            int w = ready.get("width").asInt();
            int h = ready.get("height").asInt();
            JsonNode v = ready.get("variants");
            String name = e.getValue().getFileName().toString();
            assertThat(v.get("thumb").get("width").asInt()).as(name).isEqualTo(Math.min(256, w));
            assertThat(v.get("thumb").get("height").asInt()).as(name).isEqualTo(Math.min(256, h));
            assertFits(name, v.get("medium"), 1024, w, h);
            assertFits(name, v.get("large"), 2048, w, h);
        }
    }

    /** Inside a box: the long side is the box or the original's, whichever is smaller; the aspect kept. */
    private static void assertFits(String name, JsonNode variant, int box, int w, int h) {
        int vw = variant.get("width").asInt();
        int vh = variant.get("height").asInt();
        assertThat(Math.max(vw, vh)).as(name).isEqualTo(Math.min(box, Math.max(w, h)));
        // Rounding moves the short side by at most a pixel: |vh*w - vw*h| <= max(w, h).
        assertThat(Math.abs((long) vh * w - (long) vw * h)).as(name + " aspect").isLessThanOrEqualTo(Math.max(w, h));
    }
}
