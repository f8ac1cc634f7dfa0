package dev.pixflow.app.logging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.JsonLogs;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.ffm.LibVipsLog;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code logging.structured.format.console=ecs} every line is a JSON object, and a line written
 * while a request or a job is handled names its request id, image and job as fields of their own.
 */
@ExtendWith({OutputCaptureExtension.class, JsonLogs.class})
// Logging settings as test properties: the logging system is set up before dynamic properties are added.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.structured.format.console=ecs",
        // The dispatcher's own lines, written at the end of each request, are among the ones looked at.
        "logging.level.org.springframework.web.servlet.DispatcherServlet=debug",
        // libvips' repeats of a warning are DEBUG lines; another test may have met the same one first.
        "logging.level.dev.pixflow.engine.vips.libvips=debug"})
class StructuredLogsTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.queue.max-attempts", () -> "1");
    }

    private String upload() throws Exception {
        Path jpeg = TestImages.jpeg(Files.createTempDirectory("pixflow-logs"), 320, 200);
        var r = http().uploadRaw(jpeg, "image/jpeg", "allowDuplicate=true");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.json(r).get("id").asText();
    }

    @Test
    void aRequestsLinesCarryItsRequestIdAndImage(CapturedOutput output) throws Exception {
        int running = output.getOut().length();   // the test framework's own lines before the app's logging was set up
        String id = upload();
        var r = http().send(http().request("/v1/images/" + id).header("X-Request-Id", "lb-7f3a.42").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Request-Id")).contains("lb-7f3a.42");

        await().atMost(Duration.ofSeconds(10)).until(() -> JsonLogs.lines(output).stream()
                .anyMatch(l -> "lb-7f3a.42".equals(l.path("requestId").asText(null))));
        List<JsonNode> ofRequest = JsonLogs.lines(output).stream().filter(l -> "lb-7f3a.42".equals(l.path("requestId").asText(null))).toList();
        assertThat(ofRequest).allSatisfy(l -> {
            assertThat(l.path("@timestamp").isMissingNode()).isFalse();
            assertThat(l.path("log.level").asText(l.at("/log/level").asText())).isNotEmpty();
        });
        assertThat(ofRequest).anySatisfy(l -> assertThat(l.path("imageId").asText()).isEqualTo(id));
        assertThat(output.getOut().substring(running).lines().filter(l -> !l.isBlank() && !l.startsWith("{")).toList())
                .as("every line is JSON").isEmpty();
    }

    @Test
    void aRequestIdThatCouldForgeALineIsReplaced() {
        var r = http().send(http().request("/v1/tags").header("X-Request-Id", "a\"b} {\"level\":\"x").GET().build());
        String given = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(given).matches("[0-9a-f-]{36}");
        var none = http().get("/v1/tags");
        assertThat(none.headers().firstValue("X-Request-Id")).isPresent().get().isNotEqualTo(given);
    }

    /**
     * libvips' warning about an upload's EXIF, met while the upload is checked on a render thread, is
     * a line of the request it came with; the second upload's repeat of it too (at DEBUG, as set above).
     */
    @Test
    void libvipsWarningsAreLinesOfTheRequestTheyCameWith(CapturedOutput output) throws Exception {
        Path odd = TestImages.jpegWithOddResolutionUnit(Files.createTempDirectory("pixflow-logs"));
        for (String requestId : List.of("lb-libvips.1", "lb-libvips.2")) {
            var r = http().send(http().request("/v1/images?allowDuplicate=true").header("Content-Type", "image/jpeg")
                    .header("X-Request-Id", requestId).POST(HttpRequest.BodyPublishers.ofFile(odd)).build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }

        for (String requestId : List.of("lb-libvips.1", "lb-libvips.2")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> libvipsLines(output, requestId).findAny().isPresent());
            assertThat(libvipsLines(output, requestId)).allSatisfy(line -> {
                assertThat(line.path("message").asText()).contains(TestImages.ODD_RESOLUTION_UNIT_WARNING);
                assertThat(line.at("/process/thread/name").asText()).startsWith("render-gate-");
            });
        }
    }

    private static Stream<JsonNode> libvipsLines(CapturedOutput output, String requestId) {
        return JsonLogs.lines(output).stream()
                .filter(l -> LibVipsLog.LOGGER.equals(l.at("/log/logger").asText(null)))
                .filter(l -> requestId.equals(l.path("requestId").asText(null)));
    }

    /** A rendition of an image whose original is gone from the disk fails its job: the worker's warning names the job and image. */
    @Test
    void aWorkersLinesCarryTheJobAndItsImage(CapturedOutput output) throws Exception {
        String id = upload();
        JsonNode record = awaitReady(id);
        try (var files = Files.walk(DATA.resolve("blobs"))) {
            Path original = files.filter(f -> f.getFileName().toString().equals(record.get("sha256").asText())).findFirst().orElseThrow();
            Files.delete(original);
        }
        var asked = http().send(http().request("/v1/images/" + id + "/renditions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"small\", \"recipe\": \"w:100\"}")).build());
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        String jobId = Http.json(asked).get("jobId").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> JsonLogs.lines(output).stream()
                .anyMatch(l -> jobId.equals(l.path("jobId").asText(null))));
        JsonNode failed = JsonLogs.lines(output).stream().filter(l -> jobId.equals(l.path("jobId").asText(null)))
                .filter(l -> Objects.toString(l.path("message").asText()).contains("failed")).findFirst().orElseThrow();
        assertThat(failed.path("imageId").asText()).isEqualTo(id);
        assertThat(failed.path("requestId").isMissingNode()).as("not a request's line").isTrue();
    }
}
