package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end, against a real HTTP receiver: an upload is told as image.stored and each of its
 * variants as rendition.ready, signed with the hook's secret; a deletion as image.deleted; a receiver
 * that fails twice gets the same event three times and the delivery log shows the three attempts. The
 * retry delay is the app's own setting, made short here. Hooks are for admin keys, and bad ones are 400.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class WebhooksTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static WebhookReceiver receiver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        receiver = new WebhookReceiver();
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.import.allow-loopback", () -> "true");
        r.add("pixflow.webhooks.poll", () -> "200ms");
        r.add("pixflow.webhooks.first-retry", () -> "50ms");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Autowired
    ApiKeys keys;
    @TempDir
    Path tmp;

    private String admin;
    private String owner;

    @BeforeEach
    void keys() {
        if (admin == null) {
            admin = keys.issue("ops", true).token();
            owner = keys.issue("ana", false).token();
        }
    }

    private HttpResponse<String> as(String token, String method, String path, String json) {
        HttpRequest.Builder b = http().request(path).header("Authorization", "Bearer " + token);
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return http().send(b.build());
    }

    private JsonNode createHook(String body) {
        HttpResponse<String> created = as(admin, "POST", "/v1/admin/webhooks", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created);
    }

    private String upload(int width) throws Exception {
        HttpResponse<String> created = http().send(http().request("/v1/images").header("Authorization", "Bearer " + owner)
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofFile(TestImages.jpeg(tmp, width, 480)))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).get("id").asText();
    }

    private JsonNode recordOf(String id) {
        return Http.json(as(owner, "GET", "/v1/images/" + id, null));
    }

    @Test
    void anUploadItsRenditionsAndItsDeletionReachTheHookSigned() throws Exception {
        JsonNode hook = createHook("{\"url\": \"" + receiver.url("/all") + "\", \"description\": \"everything\"}");
        String secret = hook.get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(hook.get("events")).isEmpty();

        String id = upload(640);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> !recordOf(id).get("status").asText().equals("processing"));
        JsonNode record = recordOf(id);
        assertThat(record.get("status").asText()).isEqualTo("ready");
        List<String> variants = new ArrayList<>();
        record.get("variants").fieldNames().forEachRemaining(variants::add);
        assertThat(variants).isNotEmpty();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.about("/all", id).size() >= 1 + variants.size());
        List<WebhookReceiver.Received> told = receiver.about("/all", id);
        assertThat(told).allSatisfy(r -> assertThat(r.signedWith(secret)).as("signature of " + r.type()).isTrue());
        assertThat(told).allSatisfy(r -> assertThat(r.id()).isEqualTo(r.json().get("id").asText()));

        JsonNode stored = told.stream().filter(r -> r.type().equals("image.stored")).findFirst().orElseThrow().json();
        assertThat(stored.get("data").get("owner").asText()).isEqualTo("ana");
        assertThat(stored.get("data").get("format").asText()).isEqualTo("jpeg");
        assertThat(stored.get("data").get("width").asInt()).isEqualTo(640);
        assertThat(stored.get("data").get("bytes").asLong()).isEqualTo(record.get("bytes").asLong());
        assertThat(stored.get("data").get("urls").get("image").asText()).isEqualTo(http().base() + "/v1/images/" + id);
        assertThat(stored.get("data").get("urls").get("original").asText()).isEqualTo(http().base() + "/i/" + id + "/original");
        assertThat(Instant.parse(stored.get("occurredAt").asText())).isEqualTo(Instant.parse(record.get("createdAt").asText()));

        List<JsonNode> ready = told.stream().filter(r -> r.type().equals("rendition.ready")).map(r -> r.json().get("data")).toList();
        assertThat(ready).extracting(d -> d.get("variant").asText()).containsExactlyInAnyOrderElementsOf(variants);
        for (JsonNode d : ready) {
            String variant = d.get("variant").asText();
            assertThat(d.get("width").asInt()).isEqualTo(record.get("variants").get(variant).get("width").asInt());
            assertThat(d.get("renderMillis").asDouble()).isPositive();
            assertThat(d.get("urls").get("variant").asText()).isEqualTo(http().base() + "/i/" + id + "/" + variant);
        }

        // An asked-for rendition removed: the hook hears what was made and where it was delivered, for a purge.
        assertThat(as(owner, "POST", "/v1/images/" + id + "/renditions", "{\"name\": \"banner\", \"recipe\": \"w:100,f:png\"}")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> recordOf(id).at("/variants/banner/status").asText().equals("ready"));
        long bannerBytes = recordOf(id).at("/variants/banner/bytes").asLong();
        assertThat(as(owner, "DELETE", "/v1/images/" + id + "/renditions/banner", null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.about("/all", id).stream().anyMatch(r -> r.type().equals("rendition.deleted")));
        WebhookReceiver.Received removed = receiver.about("/all", id).stream()
                .filter(r -> r.type().equals("rendition.deleted")).findFirst().orElseThrow();
        assertThat(removed.signedWith(secret)).isTrue();
        JsonNode data = removed.json().get("data");
        assertThat(data.get("variant").asText()).isEqualTo("banner");
        assertThat(data.get("format").asText()).isEqualTo("png");
        assertThat(data.get("bytes").asLong()).isEqualTo(bannerBytes);
        assertThat(data.get("urls").get("variant").asText()).isEqualTo(http().base() + "/i/" + id + "/banner");

        assertThat(as(owner, "DELETE", "/v1/images/" + id, null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.about("/all", id).stream().anyMatch(r -> r.type().equals("image.deleted")));
        WebhookReceiver.Received deleted = receiver.about("/all", id).stream()
                .filter(r -> r.type().equals("image.deleted")).findFirst().orElseThrow();
        assertThat(deleted.signedWith(secret)).isTrue();
        assertThat(deleted.json().get("data").get("owner").asText()).isEqualTo("ana");

        // Other tests' images may be told to this hook too; the log is checked for this image's events.
        List<String> ids = new ArrayList<>(told.stream().map(WebhookReceiver.Received::id).toList());
        ids.add(deleted.id());
        List<JsonNode> log = new ArrayList<>();
        Http.json(as(admin, "GET", "/v1/admin/webhooks/" + hook.get("id").asText() + "/deliveries", null)).get("items")
                .forEach(d -> {
                    if (ids.contains(d.get("eventId").asText())) {
                        log.add(d);
                    }
                });
        assertThat(log).hasSize(ids.size());
        assertThat(log).allSatisfy(d -> {
            assertThat(d.get("state").asText()).isEqualTo("delivered");
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("lastStatus").asInt()).isEqualTo(200);
        });
    }

    @Test
    void aFailingReceiverGetsTheSameEventAgainUntilItAnswers2xx() throws Exception {
        receiver.answer("/flaky", 500, 500);
        JsonNode hook = createHook("{\"url\": \"" + receiver.url("/flaky") + "\", \"events\": [\"image.stored\"]}");
        assertThat(hook.get("events")).extracting(JsonNode::asText).containsExactly("image.stored");

        String id = upload(700);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.about("/flaky", id).size() >= 3);
        String hookId = hook.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                Http.json(as(admin, "GET", "/v1/admin/webhooks/" + hookId + "/deliveries", null)).get("items").get(0)
                        .get("state").asText().equals("delivered"));

        List<WebhookReceiver.Received> told = receiver.about("/flaky", id);
        assertThat(told).hasSize(3);
        assertThat(told).extracting(WebhookReceiver.Received::id).as("one event, three times").containsOnly(told.get(0).id());
        assertThat(told).extracting(WebhookReceiver.Received::type).containsOnly("image.stored");
        assertThat(told).allSatisfy(r -> assertThat(r.signedWith(hook.get("secret").asText())).isTrue());

        JsonNode log = Http.json(as(admin, "GET", "/v1/admin/webhooks/" + hookId + "/deliveries", null)).get("items");
        assertThat(log).as("only image.stored was asked for").hasSize(1);
        JsonNode delivery = log.get(0);
        assertThat(delivery.get("eventId").asText()).isEqualTo(told.get(0).id());
        assertThat(delivery.get("type").asText()).isEqualTo("image.stored");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("lastStatus").asInt()).isEqualTo(200);
        assertThat(delivery.get("deliveredAt").isNull()).isFalse();
        assertThat(http().get("/actuator/prometheus").body())
                .containsPattern("pixflow_webhooks_deliveries_total\\{[^}]*outcome=\"retried\"[^}]*\\} [2-9]");
    }

    @Test
    void hooksAreListedFoundAndDeletedByAdminsOnly() {
        JsonNode hook = createHook("{\"url\": \"" + receiver.url("/listed") + "\", \"description\": \"crm\"}");
        String id = hook.get("id").asText();

        JsonNode listed = Http.json(as(admin, "GET", "/v1/admin/webhooks", null)).get("items");
        assertThat(listed).extracting(h -> h.get("id").asText()).contains(id);
        assertThat(listed).allSatisfy(h -> assertThat(h.has("secret")).as("the secret is shown once").isFalse());
        JsonNode one = Http.json(as(admin, "GET", "/v1/admin/webhooks/" + id, null));
        assertThat(one.get("url").asText()).isEqualTo(receiver.url("/listed"));
        assertThat(one.get("description").asText()).isEqualTo("crm");

        assertThat(as(owner, "GET", "/v1/admin/webhooks", null).statusCode()).isEqualTo(403);
        HttpResponse<String> refused = as(owner, "POST", "/v1/admin/webhooks", "{\"url\": \"" + receiver.url("/x") + "\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(as(owner, "DELETE", "/v1/admin/webhooks/" + id, null).statusCode()).isEqualTo(403);

        assertThat(as(admin, "DELETE", "/v1/admin/webhooks/" + id, null).statusCode()).isEqualTo(204);
        assertThat(as(admin, "GET", "/v1/admin/webhooks/" + id, null).statusCode()).isEqualTo(404);
        assertThat(as(admin, "DELETE", "/v1/admin/webhooks/" + id, null).statusCode()).isEqualTo(404);
        assertThat(as(admin, "GET", "/v1/admin/webhooks/" + id + "/deliveries", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aTestMessageIsSentAtOnceSignedAndTellsWhatTheReceiverAnswered() {
        JsonNode hook = createHook("{\"url\": \"" + receiver.url("/tested") + "\"}");
        String id = hook.get("id").asText();

        HttpResponse<String> ok = as(admin, "POST", "/v1/admin/webhooks/" + id + "/test", null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Http.json(ok).get("delivered").asBoolean()).isTrue();
        assertThat(Http.json(ok).get("status").asInt()).isEqualTo(200);
        WebhookReceiver.Received ping = receiver.at("/tested").getLast();
        assertThat(ping.type()).isEqualTo("webhook.test");
        assertThat(ping.signedWith(hook.get("secret").asText())).isTrue();

        receiver.answer("/tested", 503);
        JsonNode refused = Http.json(as(admin, "POST", "/v1/admin/webhooks/" + id + "/test", null));
        assertThat(refused.get("delivered").asBoolean()).isFalse();
        assertThat(refused.get("status").asInt()).isEqualTo(503);
        assertThat(Http.json(as(admin, "GET", "/v1/admin/webhooks/" + id + "/deliveries", null)).get("items"))
                .as("a test is not an event").isEmpty();
        assertThat(as(owner, "POST", "/v1/admin/webhooks/" + id + "/test", null).statusCode()).isEqualTo(403);
        assertThat(as(admin, "POST", "/v1/admin/webhooks/nope/test", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badHooksAre400AndNothingIsKept() {
        int before = Http.json(as(admin, "GET", "/v1/admin/webhooks", null)).get("items").size();
        for (String body : List.of("{}", "{\"url\": \"\"}", "{\"url\": 42}", "{\"url\": \"ftp://example.com/hook\"}",
                "{\"url\": \"not a url\"}", "{\"url\": \"http://user:pw@example.com/hook\"}",
                "{\"url\": \"http://169.254.169.254/latest\"}", "{\"url\": \"http://10.1.2.3/hook\"}",
                "{\"url\": \"http://[fd00::1]/hook\"}", "{\"url\": \"https://no-such-host.invalid/hook\"}",
                "{\"url\": \"" + receiver.url("/x") + "\", \"events\": [\"image.lost\"]}",
                "{\"url\": \"" + receiver.url("/x") + "\", \"events\": \"image.stored\"}",
                "{\"url\": \"" + receiver.url("/x") + "\", \"description\": \"" + "d".repeat(501) + "\"}",
                "{\"url\": \"http://93.184.216.34:70000/hook\"}", "{\"url\": \"http://93.184.216.34:0/hook\"}",
                "{\"url\": \"" + receiver.url("/x") + "\", \"secret\": \"mine\"}",
                "{\"url\": \"" + receiver.url("/x") + "\", \"description\": \"two\\nlines\"}",
                "{\"url\": \"" + receiver.url("/x") + "\", \"description\": \"half \\ud800 a pair\"}",
                "{\"url\": \"" + receiver.url("/x") + "\", \"description\": \"two\\u2028lines\"}",
                "{\"url\": \"" + receiver.url("/x") + "\", \"url\": \"http://10.1.2.3/hook\"}")) {
            HttpResponse<String> r = as(admin, "POST", "/v1/admin/webhooks", body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        }
        // A URL that is not one to connect to is refused as an import's is, with the reason.
        for (String[] c : List.of(new String[]{"ftp://example.com/hook", "scheme"}, new String[]{"/relative/hook", "url"},
                new String[]{"http://user:pw@example.com/hook", "url"}, new String[]{"http://93.184.216.34:0/hook", "url"},
                new String[]{"http://10.1.2.3/hook", "private"})) {
            HttpResponse<String> r = as(admin, "POST", "/v1/admin/webhooks", "{\"url\": \"" + c[0] + "\"}");
            assertThat(Http.json(r).get("type").asText()).as(c[0]).isEqualTo("urn:pixflow:problem:url-refused");
            assertThat(Http.json(r).get("reason").asText()).as(c[0]).isEqualTo(c[1]);
        }
        // 300 characters beyond the basic plane are 300 characters, not 600.
        HttpResponse<String> emoji = as(admin, "POST", "/v1/admin/webhooks",
                "{\"url\": \"" + receiver.url("/emoji") + "\", \"description\": \"" + "\uD83D\uDCF7".repeat(300) + "\"}");
        assertThat(emoji.statusCode()).as(emoji.body()).isEqualTo(201);
        assertThat(as(admin, "DELETE", "/v1/admin/webhooks/" + Http.json(emoji).get("id").asText(), null).statusCode()).isEqualTo(204);
        assertThat(Http.json(as(admin, "GET", "/v1/admin/webhooks", null)).get("items")).hasSize(before);
    }

    /** The secret is in the one answer that makes the hook: no cache may keep it. */
    @Test
    void aHooksSecretIsNeverCachedAndItsTestTakesNoParameters() {
        HttpResponse<String> created = as(admin, "POST", "/v1/admin/webhooks", "{\"url\": \"" + receiver.url("/nostore") + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        String id = Http.json(created).get("id").asText();

        HttpResponse<String> test = as(admin, "POST", "/v1/admin/webhooks/" + id + "/test?x=1", null);
        assertThat(test.statusCode()).as(test.body()).isEqualTo(400);
        assertThat(Http.json(test).get("field").asText()).isEqualTo("x");
        assertThat(receiver.at("/nostore")).as("nothing was sent").isEmpty();
    }
}
