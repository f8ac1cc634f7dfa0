package dev.pixflow.app.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.IdentityProvider;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sign-in with an identity provider (a real OIDC server started here): its access tokens are callers,
 * the configured claim ({@code email}) their owner, its admin scope or role an admin; a token that is
 * for another audience, expired, forged or unsigned is a 401 problem with an RFC 6750 challenge. API
 * keys work beside the tokens, with all their rules.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final IdentityProvider IDP = IdentityProvider.start();
    static final int UPLOADS_PER_MINUTE = 5;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        IDP.configure(r);
        r.add("pixflow.security.limits.uploads-per-minute", () -> UPLOADS_PER_MINUTE);
        // On a network address with no key yet: without an issuer the open-mode guard would refuse to start.
        r.add("server.address", () -> "0.0.0.0");
    }

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    @Autowired
    ApiKeys keys;

    @TempDir
    Path tmp;

    private AsKey as(String token) {
        return new AsKey(http(), token);
    }

    private String upload(String token, String query) throws Exception {
        var r = as(token).upload(TestImages.jpeg(tmp, 320, 240), query + "&allowDuplicate=true");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.json(r).get("id").asText();
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(Http.json(r).get("type").asText()).as(r.body()).isEqualTo("urn:pixflow:problem:" + type);
    }

    /** 401, the unauthorized problem, and {@code WWW-Authenticate: Bearer ... error="invalid_token"}; the detail. */
    private static String assertInvalidToken(HttpResponse<String> r) {
        assertProblem(r, 401, "unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h ->
                assertThat(h).startsWith("Bearer realm=\"pixflow\", error=\"invalid_token\", error_description=\""));
        return Http.json(r).get("detail").asText();
    }

    @Test
    @Order(1)
    void withAnIssuerTheServerIsNeverOpenEvenBeforeTheFirstKey() {
        assertThat(keys.noneIssued()).as("no key yet: without an issuer this server would be open").isTrue();
        HttpResponse<String> none = as(null).get("/v1/images");
        assertProblem(none, 401, "unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).as("no credentials: no error code (RFC 6750 3.1)")
                .hasValue("Bearer realm=\"pixflow\"");
        assertProblem(as(null).json("POST", "/v1/uploads", "{\"filename\": \"a.jpg\"}"), 401, "unauthorized");
        assertThat(as(null).get("/actuator/health").statusCode()).as("probes need nothing").isEqualTo(200);
        assertThat(as(IDP.token("first@example.com")).get("/v1/images").statusCode()).isEqualTo(200);
        // Its admins sign in, so its first key may be a user's (on an open server it must be an admin's: FirstKeyTest).
        String admin = IDP.token("ops@example.com", IdentityProvider.AUDIENCE, Map.of("scope", "openid " + IdentityProvider.ADMIN_SCOPE), 3600);
        HttpResponse<String> first = as(admin).json("POST", "/v1/admin/keys", "{\"owner\": \"machine-1\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    }

    @Test
    void aTokenIsItsOwnersCallerAndSeesOnlyItsOwnImages() throws Exception {
        String ana = IDP.token("ana@example.com");
        String bo = IDP.token("bo@example.com");
        String hidden = upload(ana, "visibility=private&title=Hidden");
        String shown = upload(ana, "visibility=public&title=Shown");
        String bos = upload(bo, "visibility=private&title=Bos");

        JsonNode record = Http.json(as(ana).get("/v1/images/" + hidden));
        assertThat(record.get("owner").asText()).as("the email claim, not the subject").isEqualTo("ana@example.com");
        assertThat(idsListedBy(ana)).contains(hidden, shown).doesNotContain(bos);
        assertThat(idsListedBy(bo)).contains(bos).doesNotContain(hidden, shown);

        assertProblem(as(bo).get("/v1/images/" + hidden), 404, "not-found");
        assertProblem(as(bo).json("PATCH", "/v1/images/" + hidden, "{\"title\": \"Stolen\"}"), 404, "not-found");
        assertProblem(as(bo).delete("/v1/images/" + hidden), 404, "not-found");
        assertThat(as(bo).bytes("/i/" + hidden + "/original").statusCode()).isEqualTo(404);
        assertThat(as(null).bytes("/i/" + hidden + "/original").statusCode()).isEqualTo(404);
        assertThat(as(ana).bytes("/i/" + hidden + "/original").statusCode()).isEqualTo(200);
        assertThat(as(null).bytes("/i/" + shown + "/original").statusCode()).as("public: anyone").isEqualTo(200);

        // A new token of the same user (a new sign-in) is the same owner.
        assertThat(Http.json(as(IDP.token("ana@example.com")).get("/v1/images/" + hidden)).get("title").asText()).isEqualTo("Hidden");
    }

    private List<String> idsListedBy(String token) {
        List<String> ids = new ArrayList<>();
        Http.json(as(token).get("/v1/images?limit=100")).get("items").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    @Test
    void theAdminScopeOrRoleOpensTheAdminEndpointsAndNothingElseDoes() {
        String byScope = IDP.token("ops@example.com", IdentityProvider.AUDIENCE, Map.of("scope", "openid " + IdentityProvider.ADMIN_SCOPE), 3600);
        String byRole = IDP.token("root@example.com", IdentityProvider.AUDIENCE, Map.of("roles", List.of("viewer", IdentityProvider.ADMIN_ROLE)), 3600);
        assertThat(as(byScope).get("/v1/admin/keys").statusCode()).isEqualTo(200);
        assertThat(as(byRole).get("/v1/admin/queues").statusCode()).isEqualTo(200);

        for (String plain : new String[] {IDP.token("cy@example.com"),
                IDP.token("dee@example.com", IdentityProvider.AUDIENCE, Map.of("scope", "openid pixflow.read", "roles", List.of("viewer")), 3600)}) {
            HttpResponse<String> refused = as(plain).get("/v1/admin/keys");
            assertProblem(refused, 403, "admin-only");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
                    .startsWith("Bearer realm=\"pixflow\", error=\"insufficient_scope\"").endsWith("scope=\"pixflow.admin\""));
            assertThat(Http.json(refused).get("detail").asText()).contains("pixflow.admin", "pixflow-admin");
            assertThat(as(plain).get("/v1/images").statusCode()).as("not an admin, still a user").isEqualTo(200);
        }
    }

    @Test
    void aTokenForAnotherAudienceExpiredForgedOrUnsignedIs401() throws Exception {
        assertThat(assertInvalidToken(as(IDP.token("ana@example.com", "another-service", Map.of(), 3600)).get("/v1/images")))
                .contains("aud");
        assertThat(assertInvalidToken(as(IDP.token("ana@example.com", IdentityProvider.AUDIENCE, Map.of(), -300)).get("/v1/images")))
                .contains("expired");
        assertThat(as(IDP.token("ana@example.com", IdentityProvider.AUDIENCE, Map.of(), -20)).get("/v1/images").statusCode())
                .as("20 s past its expiry is within the 60 s clock skew").isEqualTo(200);

        // Ana's genuine token with bo's email in it: the signature no longer matches.
        String[] parts = IDP.token("ana@example.com").split("\\.");
        JWTClaimsSet claims = JWTClaimsSet.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        String payload = new JWTClaimsSet.Builder(claims).claim("email", "bo@example.com").build().toString();
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(assertInvalidToken(as(tampered).get("/v1/images"))).containsIgnoringCase("signature").doesNotContain("Jwt");

        // Claims as the provider makes them, signed by another key under the provider's key id.
        String kid = SignedJWT.parse(IDP.token("ana@example.com")).getHeader().getKeyID();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder(claims).expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        forged.sign(new RSASSASigner(new RSAKeyGenerator(2048).keyID(kid).generate()));
        assertInvalidToken(as(forged.serialize()).get("/v1/images"));

        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        assertInvalidToken(as(unsigned).get("/v1/images"));
        assertInvalidToken(as("eyJub3QiOiJqc29uIn0.e30.c2ln").get("/v1/images"));
        assertThat(as(tampered).bytes("/i/" + "img_none" + "/original").statusCode()).as("delivery too").isEqualTo(401);
    }

    @Test
    void aTokenWithoutAnExpiryOrWithClaimsOfTheWrongTypeOrNoJwtAtAllIs401() {
        Map<String, Object> noExpiry = new java.util.HashMap<>();
        noExpiry.put("exp", null);
        String forever = IDP.token("ana@example.com", IdentityProvider.AUDIENCE, noExpiry, 3600);
        assertThat(assertInvalidToken(as(forever).get("/v1/images"))).contains("'exp'");

        for (Map<String, Object> odd : List.<Map<String, Object>>of(Map.of("roles", List.of(List.of("a"))), Map.of("roles", List.of(1, 2)),
                Map.of("scp", List.of(List.of("x"))))) {
            String token = IDP.token("ana@example.com", IdentityProvider.AUDIENCE, odd, 3600);
            assertThat(assertInvalidToken(as(token).get("/v1/images"))).as(odd.toString()).contains("list of strings");
        }
        assertThat(assertInvalidToken(as("a.b.c").get("/v1/images"))).contains("not a JWT");
    }

    @Test
    void anOwnerClaimThatIsNoStringIs401() {
        for (Object notAName : new Object[]{42, true}) {
            String token = IDP.server().issueToken(IdentityProvider.ISSUER, "someone", IdentityProvider.AUDIENCE,
                    Map.of("email", notAName), 3600L).serialize();
            assertThat(assertInvalidToken(as(token).get("/v1/images"))).as(String.valueOf(notAName)).contains("not a string");
        }
    }

    @Test
    void aTokenWithoutTheOwnerClaimIs401() {
        String noEmail = IDP.server().issueToken(IdentityProvider.ISSUER, "someone", IdentityProvider.AUDIENCE, Map.of(), 3600L).serialize();
        assertThat(assertInvalidToken(as(noEmail).get("/v1/images"))).contains("'email'");
        String notAnOwner = IDP.token("ana smith <ana@example.com>");
        assertThat(assertInvalidToken(as(notAnOwner).get("/v1/images"))).contains("'email'");
    }

    @Test
    void apiKeysWorkBesideTokensWithTheirOwnRules() throws Exception {
        ApiKeys.Issued machine = keys.issue("machine", false);
        ApiKeys.Issued ops = keys.issue("ops-key", true);
        String image = upload(machine.token(), "visibility=private");
        assertThat(Http.json(as(machine.token()).get("/v1/images/" + image)).get("owner").asText()).isEqualTo("machine");
        assertProblem(as(IDP.token("ana@example.com")).get("/v1/images/" + image), 404, "not-found");
        assertThat(as(ops.token()).get("/v1/admin/keys").statusCode()).isEqualTo(200);

        HttpResponse<String> notAdmin = as(machine.token()).get("/v1/admin/keys");
        assertProblem(notAdmin, 403, "admin-only");
        assertThat(Http.json(notAdmin).get("detail").asText()).isEqualTo("this endpoint needs an admin key");
        assertThat(assertInvalidToken(as("pxf_not-a-key").get("/v1/images"))).contains("API key");

        ApiKeys.Issued brief = keys.issue("brief", false, Optional.of(Instant.now().plusMillis(1500)));
        assertThat(as(brief.token()).get("/v1/images").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> as(brief.token()).get("/v1/images").statusCode() == 401);
        assertInvalidToken(as(brief.token()).get("/v1/images"));
    }

    @Test
    void rateLimitsCountEachSignedInCallerApart() {
        String flood = IDP.token("flood@example.com");
        String calm = IDP.token("calm@example.com");
        for (int i = 0; i < UPLOADS_PER_MINUTE; i++) {
            var started = as(flood).json("POST", "/v1/uploads", "{\"filename\": \"f" + i + ".jpg\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        }
        HttpResponse<String> over = as(flood).json("POST", "/v1/uploads", "{\"filename\": \"over.jpg\"}");
        assertProblem(over, 429, "rate-limited");
        assertThat(over.headers().firstValue("Retry-After")).isPresent();
        assertThat(as(IDP.token("flood@example.com")).json("POST", "/v1/uploads", "{\"filename\": \"again.jpg\"}").statusCode())
                .as("a fresh token of the same user is the same caller").isEqualTo(429);
        assertThat(as(calm).json("POST", "/v1/uploads", "{\"filename\": \"c.jpg\"}").statusCode()).isEqualTo(201);
    }
}
