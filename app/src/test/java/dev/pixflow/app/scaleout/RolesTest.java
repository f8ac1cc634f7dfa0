package dev.pixflow.app.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.app.delivery.DeliveryController;
import dev.pixflow.app.web.ImagesController;
import dev.pixflow.app.web.UploadsController;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A process runs only its roles' endpoints and loops; health and metrics are everywhere. */
class RolesTest {

    @Nested
    @AutoConfigureObservability
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class DeliveryOnly extends PixflowTestBase {
        static final Path DATA = newDataDir();

        @DynamicPropertySource
        static void props(DynamicPropertyRegistry r) {
            r.add("pixflow.data-dir", DATA::toString);
            r.add("pixflow.roles", () -> "delivery");
        }

        @Autowired
        ApplicationContext context;

        @Test
        void servesDeliveryHealthAndMetricsButNoApiAndNoWorker() {
            assertThat(context.getBeanNamesForType(DeliveryController.class)).hasSize(1);
            assertThat(context.getBeanNamesForType(ImagesController.class)).isEmpty();
            assertThat(context.getBeanNamesForType(UploadsController.class)).isEmpty();

            var delivery = http().get("/i/0190a000-0000-7000-8000-000000000001/thumb");
            assertThat(delivery.statusCode()).isEqualTo(404);
            assertThat(Http.json(delivery).get("type").asText()).isEqualTo("urn:pixflow:problem:not-found");
            assertThat(http().get("/v1/images/0190a000-0000-7000-8000-000000000001").statusCode()).isEqualTo(404);
            assertThat(http().get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(http().get("/actuator/prometheus").body()).contains("pixflow_queue_depth");
        }
    }

    @Nested
    @AutoConfigureObservability
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class UploadWithoutWorker extends PixflowTestBase {
        static final Path DATA = newDataDir();

        @DynamicPropertySource
        static void props(DynamicPropertyRegistry r) {
            r.add("pixflow.data-dir", DATA::toString);
            r.add("pixflow.roles", () -> "upload");
        }

        @Test
        void acceptsUploadsAndLeavesTheirJobsQueuedForAWorkerElsewhere() throws Exception {
            Path photo = dev.pixflow.engine.vips.testing.TestImages.jpeg(DATA, 800, 600);
            var created = http().uploadRaw(photo, "image/jpeg", null);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode record = record(Http.json(created).get("id").asText());
            assertThat(record.get("status").asText()).isEqualTo("processing");
            assertThat(http().get("/i/" + record.get("id").asText() + "/original").statusCode()).isEqualTo(404);
            // The gauge reads the queue at most once a second: wait for a fresh reading.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http().get("/actuator/prometheus").body())
                    .containsPattern("pixflow_queue_waiting\\{[^}]*\\} 1\\.0"));
        }
    }
}
