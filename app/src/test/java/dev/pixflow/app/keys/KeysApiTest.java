package dev.pixflow.app.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/admin/keys}: an admin makes keys (owner, scope, optional expiry), lists them with their last
 * use, and revokes them; what a key made here may do is what its scope says, until it expires or is
 * revoked; bad input is a problem naming the field, with nothing made.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class KeysApiTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
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
    ApiKeys keys;

    private String admin;
    private String adminId;

    @BeforeEach
    void anAdminKey() {
        if (admin == null) {
            var issued = keys.issue("ops", true);
            admin = issued.token();
            adminId = issued.key().id();
        }
    }

    private HttpResponse<String> as(String token, String method, String path, String json) {
        HttpRequest.Builder b = http().request(path).header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http().send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private JsonNode create(String json) {
        var r = as(admin, "POST", "/v1/admin/keys", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.json(r);
    }

    private JsonNode listed(String id) {
        var r = as(admin, "GET", "/v1/admin/keys", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode k : Http.json(r).get("items")) {
            if (k.get("id").asText().equals(id)) {
                assertThat(k.has("token")).isFalse();
                assertThat(k.has("tokenSha256")).isFalse();
                return k;
            }
        }
        throw new AssertionError(id + " is not listed: " + r.body());
    }

    @Test
    void aKeyMadeOverHttpWorksForItsOwnerAndIsListedWithItsLastUse() {
        JsonNode made = create("{\"owner\": \"ana\"}");
        String token = made.get("token").asText();
        assertThat(token).startsWith(ApiKeys.TOKEN_PREFIX);
        assertThat(made.get("scope").asText()).isEqualTo("user");
        assertThat(made.get("expiresAt").isNull()).isTrue();
        JsonNode before = listed(made.get("id").asText());
        assertThat(before.get("status").asText()).isEqualTo("active");
        assertThat(before.get("lastUsedAt").isNull()).isTrue();
        assertThat(before.get("owner").asText()).isEqualTo("ana");
        assertThat(http().get("/v1/admin/keys").body()).as("no key, no list").doesNotContain(made.get("id").asText());

        assertThat(as(token, "GET", "/v1/images", null).statusCode()).isEqualTo(200);
        assertThat(listed(made.get("id").asText()).get("lastUsedAt").asText()).isEqualTo(CLOCK.instant().toString());
        assertThat(as(token, "GET", "/v1/admin/keys", null).statusCode()).as("a user key is no admin").isEqualTo(403);
        assertThat(as(token, "POST", "/v1/admin/keys", "{\"owner\": \"ana\", \"scope\": \"admin\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void anAdminScopedKeyReachesTheAdminEndpoints() {
        JsonNode made = create("{\"owner\": \"ops2\", \"scope\": \"admin\"}");
        assertThat(made.get("scope").asText()).isEqualTo("admin");
        assertThat(as(made.get("token").asText(), "GET", "/v1/admin/keys", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyWithAnExpiryIsRefusedFromThenOn() {
        Instant at = CLOCK.instant().plus(Duration.ofDays(30));
        JsonNode made = create("{\"owner\": \"contractor\", \"expiresAt\": \"" + at + "\"}");
        String token = made.get("token").asText();
        assertThat(Instant.parse(made.get("expiresAt").asText())).isEqualTo(at);
        assertThat(as(token, "GET", "/v1/images", null).statusCode()).isEqualTo(200);

        CLOCK.advance(Duration.ofDays(31));
        var refused = as(token, "GET", "/v1/images", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Http.json(refused).get("type").asText()).isEqualTo("urn:pixflow:problem:unauthorized");
        assertThat(listed(made.get("id").asText()).get("status").asText()).isEqualTo("expired");
    }

    /** An admin may make a key for any owner, and so act as them: the log keeps who did, never a token. */
    @Test
    void whoMadeAndRevokedEachKeyIsLoggedWithoutItsToken(org.springframework.boot.test.system.CapturedOutput output) {
        JsonNode made = create("{\"owner\": \"carol\", \"scope\": \"admin\"}");
        String id = made.get("id").asText();
        assertThat(as(admin, "DELETE", "/v1/admin/keys/" + id, null).statusCode()).isEqualTo(204);
        assertThat(output.getOut()).contains("API key " + id + " (admin) made for owner carol by key " + adminId)
                .contains("API key " + id + " of owner carol revoked by key " + adminId)
                .doesNotContain(made.get("token").asText());
    }

    @Test
    void aRevokedKeyIsRefusedAndStaysListedAsRevoked() {
        JsonNode made = create("{\"owner\": \"bo\"}");
        String id = made.get("id").asText();
        assertThat(as(made.get("token").asText(), "GET", "/v1/images", null).statusCode()).isEqualTo(200);

        assertThat(as(admin, "DELETE", "/v1/admin/keys/" + id, null).statusCode()).isEqualTo(204);
        assertThat(as(made.get("token").asText(), "GET", "/v1/images", null).statusCode()).isEqualTo(401);
        JsonNode revoked = listed(id);
        assertThat(revoked.get("status").asText()).isEqualTo("revoked");
        assertThat(revoked.get("revokedAt").asText()).isEqualTo(CLOCK.instant().toString());
        assertThat(as(admin, "DELETE", "/v1/admin/keys/" + id, null).statusCode()).as("again: still revoked").isEqualTo(204);

        var missing = as(admin, "DELETE", "/v1/admin/keys/key_000000000000", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Http.json(missing).get("type").asText()).isEqualTo("urn:pixflow:problem:not-found");
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndMakesNoKey() {
        int before = Http.json(as(admin, "GET", "/v1/admin/keys", null)).get("items").size();
        List<String[]> cases = List.of(
                new String[]{"{}", "owner"},
                new String[]{"{\"owner\": \"ana smith\"}", "owner"},
                new String[]{"{\"owner\": 7}", "owner"},
                new String[]{"{\"owner\": \"ana\", \"scope\": \"root\"}", "scope"},
                new String[]{"{\"owner\": \"ana\", \"expiresAt\": \"next week\"}", "expiresAt"},
                new String[]{"{\"owner\": \"ana\", \"expiresAt\": \"" + CLOCK.instant().minusSeconds(1) + "\"}", "expiresAt"},
                new String[]{"{\"owner\": \"ana\", \"admin\": true}", "admin"},
                new String[]{"[\"ana\"]", "body"});
        for (String[] c : cases) {
            var r = as(admin, "POST", "/v1/admin/keys", c[0]);
            assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo(400);
            assertThat(Http.json(r).get("type").asText()).isEqualTo("urn:pixflow:problem:invalid-field");
            assertThat(Http.json(r).get("field").asText()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(Http.json(as(admin, "GET", "/v1/admin/keys", null)).get("items").size()).isEqualTo(before);
    }

    /**
     * A client that accepts no JSON is refused before anything is made: Spring weighs Accept when it
     * writes the answer, so the key was made and its token, shown once, thrown away. The answer is JSON
     * only (no YAML however asked), and the one with the token is never cached.
     */
    @Test
    void aClientThatTakesNoJsonIsRefusedBeforeAKeyIsMadeAndTheTokenIsNeverCached() {
        int before = Http.json(as(admin, "GET", "/v1/admin/keys", null)).get("items").size();
        for (String accept : List.of("text/html", "application/yaml", "application/json;q=0, */*", "application/xml",
                "application/json;q=2", "json")) {
            var r = http().send(http().request("/v1/admin/keys").header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json").header("Accept", accept)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"owner\": \"eve\", \"scope\": \"admin\"}")).build());
            assertThat(r.statusCode()).as(accept + ": " + r.body()).isEqualTo(406);
            assertThat(Http.json(r).get("type").asText()).isEqualTo("urn:pixflow:problem:not-acceptable");
        }
        assertThat(Http.json(as(admin, "GET", "/v1/admin/keys", null)).get("items")).hasSize(before);
        var yaml = http().send(http().request("/v1/admin/keys").header("Authorization", "Bearer " + admin)
                .header("Accept", "application/yaml").GET().build());
        assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(406);

        var made = as(admin, "POST", "/v1/admin/keys", "{\"owner\": \"eve\"}");
        assertThat(made.statusCode()).isEqualTo(201);
        assertThat(made.headers().firstValue("Cache-Control")).hasValue("no-store");
        var browser = http().send(http().request("/v1/admin/keys").header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"owner\": \"eve\"}")).build());
        assertThat(browser.statusCode()).as("JSON is among what a browser takes").isEqualTo(201);
        var suffixed = http().send(http().request("/v1/admin/keys").header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").header("Accept", "application/*+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"owner\": \"eve\"}")).build());
        assertThat(suffixed.statusCode()).as("any JSON, as Spring reads it").isEqualTo(201);
    }

    /** What a proxy in front could read otherwise than Pixflow does is refused: a name twice, two keys. */
    @Test
    void aFieldGivenTwiceOrTwoAuthorizationHeadersAreRefused() {
        int before = Http.json(as(admin, "GET", "/v1/admin/keys", null)).get("items").size();
        var twice = as(admin, "POST", "/v1/admin/keys", "{\"owner\": \"ana\", \"owner\": \"bob\"}");
        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
        assertThat(Http.json(twice).get("detail").asText()).contains("owner");

        String user = create("{\"owner\": \"ana\"}").get("token").asText();
        var two = http().send(http().request("/v1/admin/keys").header("Authorization", "Bearer " + user)
                .header("Authorization", "Bearer " + admin).GET().build());
        assertThat(two.statusCode()).as(two.body()).isEqualTo(400);
        assertThat(Http.json(two).get("field").asText()).isEqualTo("Authorization");
        assertThat(Http.json(as(admin, "GET", "/v1/admin/keys", null)).get("items")).hasSize(before + 1);
    }

    /** A JSON body is small: past a megabyte it is refused, declared or chunked, and nothing is made. */
    @Test
    void aJsonBodyPastAMegabyteIs413() {
        int before = Http.json(as(admin, "GET", "/v1/admin/keys", null)).get("items").size();
        String big = "{\"owner\": \"ana\", \"pad\": \"" + "x".repeat(1_100_000) + "\"}";
        var declared = as(admin, "POST", "/v1/admin/keys", big);
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
        assertThat(Http.json(declared).get("type").asText()).isEqualTo("urn:pixflow:problem:too-large");
        // Chunked: refused as its bytes pass the limit; the rest is drained, so the client hears the 413.
        byte[] bytes = big.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var chunked = http().send(http().request("/v1/admin/keys").header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(Http.json(as(admin, "GET", "/v1/admin/keys", null)).get("items")).hasSize(before);
    }
}
