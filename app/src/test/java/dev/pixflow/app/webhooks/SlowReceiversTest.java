package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A receiver that never answers holds only its own deliveries: the other hooks are told of everything
 * as if it were not there, long before its attempts time out, and it never has more than its share of
 * the places in flight. (A receiver that trickles its body: {@link TricklingReceiverTest}.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlowReceiversTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static WebhookReceiver receiver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        receiver = new WebhookReceiver();
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.import.allow-loopback", () -> "true");
        r.add("pixflow.webhooks.poll", () -> "200ms");
        r.add("pixflow.webhooks.batch", () -> "4");
        r.add("pixflow.webhooks.per-hook", () -> "2");
        r.add("pixflow.webhooks.timeout", () -> "60s");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Autowired
    ApiKeys keys;
    @TempDir
    Path tmp;

    private HookClient client;

    @BeforeEach
    void client() {
        client = new HookClient(http(), keys.issue("ops", true).token(), keys.issue("ana", false).token(), receiver);
    }

    /**
     * Two receivers that never answer hold every place (two each of four); the hook that answers still
     * gets one send at a time beyond them, and is told of everything long before their timeout.
     */
    @Test
    void aReceiverThatNeverAnswersHoldsItsShareAndTheOtherHooksAreToldOfEverything() throws Exception {
        receiver.hold("/silent", WebhookReceiver.Hold.SILENT);
        receiver.hold("/silent-too", WebhookReceiver.Hold.SILENT);
        client.hook("/silent", "");
        client.hook("/silent-too", "");
        client.hook("/told", "");

        String first = client.upload(tmp, 640);
        String second = client.upload(tmp, 660);
        int events = 1 + ready(first).get("variants").size() + 1 + ready(second).get("variants").size();
        // Well within the silent receiver's timeout: nothing the others are told waits for it.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                receiver.about("/told", first).size() + receiver.about("/told", second).size() == events
                        && receiver.at("/silent").size() == 2 && receiver.at("/silent-too").size() == 2);

        assertThat(receiver.at("/silent")).as("its share of the places; the rest of its deliveries wait").hasSize(2);
        assertThat(receiver.at("/silent-too")).hasSize(2);
    }

    private JsonNode ready(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> !client.record(id).get("status").asText().equals("processing"));
        JsonNode record = client.record(id);
        assertThat(record.get("status").asText()).isEqualTo("ready");
        return record;
    }
}
