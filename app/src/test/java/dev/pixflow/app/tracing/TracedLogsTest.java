package dev.pixflow.app.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.JsonLogs;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With traces on, a worker's log lines for a job carry the trace id of the request that queued it
 * ({@code traceId} in the MDC, a field of the JSON line): the line of a failing render is found from
 * the request's trace.
 */
@ExtendWith({OutputCaptureExtension.class, JsonLogs.class})
@AutoConfigureObservability
@Import(SpanCapture.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.structured.format.console=ecs",
        "management.tracing.enabled=true",
        "management.tracing.sampling.probability=1.0"})
class TracedLogsTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.queue.max-attempts", () -> "1");
    }

    @Autowired
    InMemorySpanExporter spans;

    @Test
    void aFailingJobsLineCarriesTheTraceOfTheRequestThatQueuedIt(CapturedOutput output) throws Exception {
        Path jpeg = TestImages.jpeg(Files.createTempDirectory("pixflow-traces"), 320, 200);
        var created = http().uploadRaw(jpeg, "image/jpeg", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Http.json(created).get("id").asText();
        JsonNode record = awaitReady(id);
        try (var files = Files.walk(DATA.resolve("blobs"))) {
            Files.delete(files.filter(f -> f.getFileName().toString().equals(record.get("sha256").asText())).findFirst().orElseThrow());
        }
        var asked = http().send(http().request("/v1/images/" + id + "/renditions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"small\", \"recipe\": \"w:100\"}")).build());
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        String jobId = Http.json(asked).get("jobId").asText();

        SpanData request = await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().toLowerCase().contains("renditions")).findFirst(),
                Optional::isPresent).orElseThrow();
        JsonNode failed = await().atMost(Duration.ofSeconds(30)).until(() -> JsonLogs.lines(output).stream()
                .filter(l -> jobId.equals(l.path("jobId").asText(null)) && l.path("message").asText().contains("failed"))
                .findFirst(), Optional::isPresent).orElseThrow();
        assertThat(failed.path("traceId").asText()).as(failed.toString()).isEqualTo(request.getTraceId());
        assertThat(failed.path("spanId").asText()).as("the worker's own span").isNotEqualTo(request.getSpanId()).isNotEmpty();
    }
}
