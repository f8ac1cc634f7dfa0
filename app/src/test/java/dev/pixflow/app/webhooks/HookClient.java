package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.engine.vips.testing.TestImages;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin's and an owner's calls that the tests of slow receivers make: hooks, their logs, uploads. */
record HookClient(Http http, String admin, String owner, WebhookReceiver receiver) {

    /** A hook to {@code path} of the receiver; {@code more} is the rest of its JSON (", \"events\": [...]"). */
    String hook(String path, String more) {
        HttpResponse<String> created = as(admin, "POST", "/v1/admin/webhooks",
                "{\"url\": \"" + receiver.url(path) + "\"" + more + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).get("id").asText();
    }

    List<JsonNode> deliveries(String hook) {
        HttpResponse<String> listed = as(admin, "GET", "/v1/admin/webhooks/" + hook + "/deliveries", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        return Http.json(listed).get("items").valueStream().toList();
    }

    String upload(Path dir, int width) throws Exception {
        HttpResponse<String> created = http.send(http.request("/v1/images").header("Authorization", "Bearer " + owner)
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofFile(TestImages.jpeg(dir, width, 480)))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).get("id").asText();
    }

    JsonNode record(String id) {
        return Http.json(as(owner, "GET", "/v1/images/" + id, null));
    }

    private HttpResponse<String> as(String token, String method, String path, String json) {
        HttpRequest.Builder b = http.request(path).header("Authorization", "Bearer " + token);
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build());
    }
}
