package dev.pixflow.app.tracing;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.app.support.ScaleOutServers;
import dev.pixflow.adapter.queue.sqs.SqsJobQueue;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.engine.vips.testing.TestImages;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace follows an upload from its HTTP request through the queue to the worker: the worker's
 * {@code render} span is a child of the upload's server span (the trace context rode in the job), and
 * each rendition it stores is a {@code store} span under the render. On the embedded queue and on SQS.
 */
class TraceAcrossQueueTest {
    private static final AttributeKey<String> IMAGE_ID = AttributeKey.stringKey("pixflow.image.id");

    @AutoConfigureObservability
    @Import(SpanCapture.class)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    abstract static class OneTrace extends PixflowTestBase {
        static void register(DynamicPropertyRegistry r, Path data, Map<String, String> settings) {
            r.add("pixflow.data-dir", data::toString);
            r.add("management.tracing.enabled", () -> "true");
            r.add("management.tracing.sampling.probability", () -> "1.0");
            settings.forEach((k, v) -> r.add(k, () -> v));
        }

        @Autowired
        InMemorySpanExporter spans;
        @Autowired
        JobQueue queue;

        abstract Path data();

        @Test
        void theWorkersRenderAndStoresJoinTheUploadsTrace() throws Exception {
            Path photo = TestImages.jpeg(data(), 900, 600);
            var created = http().uploadRaw(photo, "image/jpeg", null);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = Http.json(created).get("id").asText();
            awaitReady(id);

            SpanData render = await().atMost(Duration.ofSeconds(30)).until(() -> find(s -> s.getName().equals("render")
                    && id.equals(s.getAttributes().get(IMAGE_ID))), Optional::isPresent).orElseThrow();
            SpanData upload = await().atMost(Duration.ofSeconds(30)).until(() -> find(s -> s.getKind() == SpanKind.SERVER
                    && s.getName().toLowerCase().contains("post") && s.getTraceId().equals(render.getTraceId())),
                    Optional::isPresent).orElseThrow();
            assertThat(render.getParentSpanId()).as("the render continues the upload's request").isEqualTo(upload.getSpanId());
            assertThat(render.getKind()).isEqualTo(SpanKind.CONSUMER);

            List<SpanData> stores = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("store") && s.getParentSpanId().equals(render.getSpanId())).toList();
            assertThat(stores).as("each rendition written under the render").isNotEmpty()
                    .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(upload.getTraceId()));
        }

        private Optional<SpanData> find(java.util.function.Predicate<SpanData> which) {
            return spans.getFinishedSpanItems().stream().filter(which).findFirst();
        }
    }

    static class EmbeddedQueue extends OneTrace {
        static final Path DATA = newDataDir();

        @DynamicPropertySource
        static void props(DynamicPropertyRegistry r) {
            register(r, DATA, Map.of());
        }

        @Override
        Path data() {
            return DATA;
        }
    }

    /** The job goes through the outbox to SQS, where its trace context is a message attribute. */
    static class OnSqs extends OneTrace {
        static final Path DATA = newDataDir();

        @DynamicPropertySource
        static void props(DynamicPropertyRegistry r) {
            register(r, DATA, ScaleOutServers.s3AndSqs("traces"));
        }

        @Override
        Path data() {
            return DATA;
        }

        @Test
        void theQueueIsSqs() {
            assertThat(queue).isInstanceOf(SqsJobQueue.class);
        }
    }
}
