package dev.pixflow.app.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open server (no key yet) makes its first key over HTTP only as an admin's: a user's would close
 * the server to everything but that owner's images, with no way back to {@code /v1/admin} but the
 * command line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FirstKeyTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @Autowired
    ApiKeys keys;

    private HttpResponse<String> create(String token, String json) {
        HttpRequest.Builder b = http().request("/v1/admin/keys").header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http().send(b.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void theFirstKeyMadeOverHttpIsAnAdminsAndTheNextMayBeAUsers() {
        assertThat(keys.noneIssued()).isTrue();

        HttpResponse<String> user = create(null, "{\"owner\": \"ana\"}");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(400);
        assertThat(Http.json(user).get("type").asText()).isEqualTo("urn:pixflow:problem:invalid-field");
        assertThat(Http.json(user).get("field").asText()).isEqualTo("scope");
        assertThat(keys.noneIssued()).as("nothing made: the server is still open").isTrue();

        HttpResponse<String> admin = create(null, "{\"owner\": \"ops\", \"scope\": \"admin\"}");
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(201);
        String token = Http.json(admin).get("token").asText();

        assertThat(create(null, "{\"owner\": \"ana\"}").statusCode()).as("closed from then on").isEqualTo(401);
        HttpResponse<String> next = create(token, "{\"owner\": \"ana\"}");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
        JsonNode made = Http.json(next);
        assertThat(made.get("scope").asText()).isEqualTo("user");
    }
}
