package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import org.junit.jupiter.api.AfterAll;
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
 * A receiver that answers 200 and then trickles a body that never ends: its attempt fails at the
 * timeout, which counts the whole answer (then waits for its retry, an hour away here), and meanwhile
 * the other hooks are told of what comes next.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TricklingReceiverTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static WebhookReceiver receiver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        receiver = new WebhookReceiver();
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.import.allow-loopback", () -> "true");
        r.add("pixflow.webhooks.poll", () -> "200ms");
        r.add("pixflow.webhooks.first-retry", () -> "1h");
        r.add("pixflow.webhooks.timeout", () -> "2s");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Autowired
    ApiKeys keys;
    @TempDir
    Path tmp;

    @Test
    void aReceiverThatTricklesItsBodyIsCutOffAtTheTimeoutAndHoldsNoOtherHook() throws Exception {
        HookClient client = new HookClient(http(), keys.issue("ops", true).token(), keys.issue("ana", false).token(), receiver);
        receiver.hold("/trickle", WebhookReceiver.Hold.TRICKLE);
        String trickling = client.hook("/trickle", ", \"events\": [\"image.stored\"]");
        client.hook("/stored", ", \"events\": [\"image.stored\"]");

        String first = client.upload(tmp, 700);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.about("/trickle", first).size() == 1);
        String second = client.upload(tmp, 720);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.about("/stored", second).size() == 1);

        // The 200 and a byte came, the rest never does: the attempt fails at the timeout.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                client.deliveries(trickling).stream().anyMatch(d -> !d.get("lastError").isNull()));
        JsonNode cut = client.deliveries(trickling).stream().filter(d -> !d.get("lastError").isNull()).findFirst().orElseThrow();
        assertThat(cut.get("state").asText()).isEqualTo("pending");
        assertThat(cut.get("attempts").asInt()).isEqualTo(1);
        assertThat(cut.get("lastError").asText()).isEqualTo("HttpTimeoutException: no whole answer within 2000 ms");
    }
}
