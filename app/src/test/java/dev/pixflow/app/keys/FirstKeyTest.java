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
import java.util.List;
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

        // Callers racing on the open server: one gets the first key, the others are callers without a key.
        List<HttpResponse<String>> raced = new java.util.ArrayList<>();
        try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var sent = java.util.stream.IntStream.range(0, 6).mapToObj(i -> clients.submit(() ->
                    create(null, "{\"owner\": \"ops" + i + "\", \"scope\": \"admin\"}"))).toList();
            for (var s : sent) {
                raced.add(s.get());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<HttpResponse<String>> made = raced.stream().filter(r -> r.statusCode() == 201).toList();
        assertThat(made).as("first keys made by callers racing").hasSize(1);
        assertThat(raced).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(201, 401));
        assertThat(keys.list()).hasSize(1);
        HttpResponse<String> admin = made.getFirst();
        String token = Http.json(admin).get("token").asText();

        assertThat(create(null, "{\"owner\": \"ana\"}").statusCode()).as("closed from then on").isEqualTo(401);
        HttpResponse<String> next = create(token, "{\"owner\": \"ana\"}");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
        JsonNode second = Http.json(next);
        assertThat(second.get("scope").asText()).isEqualTo("user");

        // An admin key of anonymous's (the owner of what was uploaded while the server was open) is an
        // admin key like any other, not an open server's caller.
        HttpResponse<String> anonymousAdmin = create(token, "{\"owner\": \"anonymous\", \"scope\": \"admin\"}");
        assertThat(anonymousAdmin.statusCode()).as(anonymousAdmin.body()).isEqualTo(201);
        HttpResponse<String> byAnonymous = create(Http.json(anonymousAdmin).get("token").asText(), "{\"owner\": \"bo\"}");
        assertThat(byAnonymous.statusCode()).as(byAnonymous.body()).isEqualTo(201);
    }
}
