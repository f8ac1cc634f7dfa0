package dev.pixflow.app.trust;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An identity provider that cannot be reached: Pixflow starts all the same (discovery waits for the
 * first token), a token it cannot check (the provider refuses connections, or never answers) is a
 * 503 problem rather than a 401 (it may be fine), API keys go on working, and once the provider is
 * up its tokens are checked again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityProviderDownTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final int PORT = closedPort();
    static final String ISSUER = "http://localhost:" + PORT + "/" + IdentityProvider.ISSUER;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.auth.oidc.issuer-uri", () -> ISSUER);
        r.add("pixflow.auth.oidc.audience", () -> IdentityProvider.AUDIENCE);
    }

    /** A loopback port nothing listens on: connections are refused at once. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    ApiKeys keys;

    @Test
    void aTokenThatCannotBeCheckedIs503AndKeysGoOnWorking() throws Exception {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).subject("ana").audience("pixflow")
                        .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        token.sign(new RSASSASigner(new RSAKeyGenerator(2048).keyID("k1").generate()));
        HttpResponse<String> r = new AsKey(http(), token.serialize()).get("/v1/images");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(Http.json(r).get("type").asText()).isEqualTo("urn:pixflow:problem:identity-provider-unavailable");
        assertThat(r.headers().firstValue("WWW-Authenticate")).as("nothing to do about the token").isEmpty();

        // A provider that takes the connection and never answers: given up on after 5 s, the same 503.
        try (ServerSocket silent = new ServerSocket(PORT)) {
            long started = System.nanoTime();
            HttpResponse<String> hung = new AsKey(http(), token.serialize()).get("/v1/images");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(hung.statusCode()).as(hung.body()).isEqualTo(503);
            assertThat(took).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12));
        }

        // Several tokens at once against the silent provider: one discovery is tried, and the tokens that
        // waited behind it share its failure instead of each trying again after it, one after the other.
        try (ServerSocket silent = new ServerSocket(PORT)) {
            java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<java.net.Socket> held = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                var answers = java.util.stream.IntStream.range(0, 4)
                        .mapToObj(i -> clients.submit(() -> new AsKey(http(), token.serialize()).get("/v1/images"))).toList();
                for (var answer : answers) {
                    assertThat(answer.get().statusCode()).isEqualTo(503);
                }
            }
            assertThat(connections.get()).as("discoveries tried for four tokens at once").isEqualTo(1);
            // Bytes that are no JWT never reach the provider.
            HttpResponse<String> notJwt = new AsKey(http(), "a.b.c").get("/v1/images");
            assertThat(notJwt.statusCode()).as(notJwt.body()).isEqualTo(401);
            assertThat(connections.get()).isEqualTo(1);
            for (java.net.Socket s : held) {
                s.close();
            }
        }

        ApiKeys.Issued key = keys.issue("machine", false);
        assertThat(new AsKey(http(), key.token()).get("/v1/images").statusCode()).isEqualTo(200);

        // The provider comes up: the next token is checked, nothing of the failure was kept.
        try (IdentityProvider idp = IdentityProvider.startOn(PORT)) {
            assertThat(idp.issuerUri()).isEqualTo(ISSUER);
            HttpResponse<String> back = new AsKey(http(), idp.token("ana@example.com")).get("/v1/images");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            assertThat(new AsKey(http(), token.serialize()).get("/v1/images").statusCode())
                    .as("the token not of its keys is refused now, not left unchecked").isEqualTo(401);
        }
    }
}
