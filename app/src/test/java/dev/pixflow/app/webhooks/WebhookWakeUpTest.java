package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.WebhookStore;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher's wake-ups, with a poll too long to help: while no hook exists, the events of an
 * upload start no round (the fan-out position stays where it was); once a hook is made through the
 * API, the next upload reaches it at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookWakeUpTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static WebhookReceiver receiver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        receiver = new WebhookReceiver();
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.import.allow-loopback", () -> "true");
        r.add("pixflow.webhooks.poll", () -> "1h");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Autowired
    ApiKeys keys;
    @Autowired
    WebhookStore hooks;
    @Autowired
    EventLog log;
    @TempDir
    Path tmp;

    @Test
    void eventsWakeTheDispatcherOnlyOnceAHookExists() throws Exception {
        String owner = keys.issue("ana", false).token();
        String admin = keys.issue("ops", true).token();
        long before = hooks.fannedOut();

        String unheard = upload(owner, 640);
        awaitReady(owner, unheard);
        assertThat(log.after(before, 10)).as("the upload's events are in the log").isNotEmpty();
        assertThat(hooks.fannedOut()).as("no round ran for them: no hook wanted them").isEqualTo(before);

        HttpResponse<String> created = http().send(http().request("/v1/admin/webhooks")
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + receiver.url("/all") + "\"}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String heard = upload(owner, 700);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.about("/all", heard).stream().anyMatch(r -> r.type().equals("image.stored")));
        assertThat(hooks.fannedOut()).isGreaterThan(before);
        assertThat(receiver.about("/all", unheard)).as("events from before the hook was made").isEmpty();
    }

    private String upload(String token, int width) throws Exception {
        HttpResponse<String> created = http().send(http().request("/v1/images").header("Authorization", "Bearer " + token)
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofFile(TestImages.jpeg(tmp, width, 480)))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).get("id").asText();
    }

    private void awaitReady(String token, String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode record = Http.json(http().send(http().request("/v1/images/" + id)
                    .header("Authorization", "Bearer " + token).GET().build()));
            return record.get("status").asText().equals("ready");
        });
    }
}
