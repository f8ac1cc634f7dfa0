package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.lifecycle.LifecycleSweeper;
import dev.pixflow.app.support.Http;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.WorkerPool;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The events a webhook hears without anyone calling the API: a job that uses its last attempt
 * (job.dead, with its error) and an image swept after its expiry (image.expired). Time is a clock the
 * test moves; the job dies for certain because its original is moved away before the workers start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhooksOfExpiryAndDeadJobsTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));
    static WebhookReceiver receiver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        receiver = new WebhookReceiver();
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.import.allow-loopback", () -> "true");
        r.add("pixflow.webhooks.poll", () -> "200ms");
        r.add("pixflow.queue.max-attempts", () -> "1");
        r.add("pixflow.worker.enabled", () -> "false");
        r.add("pixflow.lifecycle.sweep-interval", () -> "1h");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
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
    WorkerPool workers;
    @Autowired
    LifecycleSweeper sweeper;
    @TempDir
    Path tmp;

    @Test
    void aDeadJobAndAnExpiredImageAreTold() throws Exception {
        HttpResponse<String> created = http().send(http().request("/v1/admin/webhooks").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"url\": \"" + receiver.url("/ops")
                        + "\", \"events\": [\"job.dead\", \"image.expired\"]}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = Http.json(created).get("secret").asText();

        JsonNode doomed = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 800, 600), "image/jpeg", null));
        String doomedId = doomed.get("id").asText();
        Instant expiry = CLOCK.instant().plus(Duration.ofHours(1));
        String ephemeralId = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 801, 600), "image/jpeg",
                "expiresAt=" + expiry)).get("id").asText();
        Path original = originalOf(doomed.get("sha256").asText());
        Files.move(original, tmp.resolve("aside"));
        workers.start();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> !receiver.about("/ops", doomedId).isEmpty());
        WebhookReceiver.Received dead = receiver.about("/ops", doomedId).getFirst();
        assertThat(dead.type()).isEqualTo("job.dead");
        assertThat(dead.signedWith(secret)).isTrue();
        assertThat(dead.json().get("data").get("error").asText()).contains("NoSuchFile");
        assertThat(dead.json().get("data").get("owner").asText()).isEqualTo("anonymous");
        assertThat(dead.json().get("data").has("bytes")).as("a dead job stored nothing to give sizes of").isFalse();
        assertThat(dead.json().get("data").has("width")).isFalse();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> record(ephemeralId).get("status").asText().equals("ready"));
        assertThat(receiver.about("/ops", ephemeralId)).as("stored and ready were not asked for").isEmpty();

        CLOCK.advance(Duration.ofHours(2));
        assertThat(sweeper.sweepNow()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !receiver.about("/ops", ephemeralId).isEmpty());
        WebhookReceiver.Received expired = receiver.about("/ops", ephemeralId).getFirst();
        assertThat(expired.type()).isEqualTo("image.expired");
        assertThat(expired.signedWith(secret)).isTrue();
        assertThat(Instant.parse(expired.json().get("occurredAt").asText())).isEqualTo(CLOCK.instant());
        assertThat(expired.json().get("data").get("width").asInt()).isEqualTo(801);
        assertThat(receiver.at("/ops")).extracting(WebhookReceiver.Received::type).containsExactly("job.dead", "image.expired");
    }

    /** Originals are stored under their content's SHA-256. */
    private static Path originalOf(String sha256) throws Exception {
        try (Stream<Path> files = Files.walk(DATA.resolve("blobs/originals"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(sha256)).findFirst().orElseThrow();
        }
    }
}
