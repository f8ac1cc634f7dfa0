package dev.pixflow.app.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import dev.pixflow.contract.MovableClock;
import org.junit.jupiter.api.Test;

import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens that none of the provider's keys matches (made-up key ids, thumbprints, or none) have its key
 * set fetched once a backoff, not once each; a key the provider adds is taken as soon as a fetch brings it.
 * The key set is read as Spring reads it (JWKSourceBuilder, cached, not rate limited), from a provider
 * that counts its fetches.
 */
class KnownKeysFirstTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<JWK> published = new ArrayList<>();
    private final RSAKey k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
    private final JWSKeySelector<SecurityContext> keys;

    KnownKeysFirstTest() throws Exception {
        published.add(k1.toPublicJWK());
        JWKSetSource<SecurityContext> provider = new JWKSetSource<>() {
            @Override
            public JWKSet getJWKSet(com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator refresh, long now, SecurityContext c) {
                fetches.incrementAndGet();
                return new JWKSet(List.copyOf(published));
            }

            @Override
            public void close() {
            }
        };
        var source = JWKSourceBuilder.create(provider).refreshAheadCache(false).rateLimited(false).cache(true).build();
        keys = KnownKeysFirst.around(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source), clock);
    }

    private List<Key> select(JWSHeader header) throws Exception {
        return List.copyOf(keys.selectJWSKeys(header, null));
    }

    private static JWSHeader kid(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build();
    }

    @Test
    void tokensNoKeyMatchesHaveTheKeySetFetchedOnceABackoff() throws Exception {
        assertThat(keys).isInstanceOf(KnownKeysFirst.class);
        assertThat(select(kid("k1"))).hasSize(1);
        int first = fetches.get();
        for (int i = 0; i < 20; i++) {
            assertThat(select(kid("forged-" + i))).isEmpty();
            // A listed id with a thumbprint of no key of the set; no id at all, and such a thumbprint.
            assertThat(select(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1")
                    .x509CertSHA256Thumbprint(Base64URL.encode("x" + i)).build())).isEmpty();
            assertThat(select(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .x509CertSHA256Thumbprint(Base64URL.encode("y" + i)).build())).isEmpty();
            assertThat(select(kid("k1"))).as("a key held is never held back").hasSize(1);
        }
        assertThat(fetches.get() - first).as("sixty tokens no key matches").isEqualTo(1);
    }

    @Test
    void aKeyTheProviderAddsIsTakenOnceAFetchHasBroughtIt() throws Exception {
        assertThat(select(kid("k1"))).hasSize(1);
        assertThat(select(kid("forged"))).isEmpty();             // this backoff's fetch, spent
        published.add(new RSAKeyGenerator(2048).keyID("k2").generate().toPublicJWK());
        assertThat(select(kid("k2"))).as("within the backoff: not asked").isEmpty();

        clock.advance(KnownKeysFirst.BACKOFF.plus(Duration.ofSeconds(1)));
        assertThat(select(kid("forged-again"))).isEmpty();       // the next fetch, which brings k2 in
        assertThat(select(kid("k2"))).as("held now, whoever's request fetched it").hasSize(1);
    }
}
