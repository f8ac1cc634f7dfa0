package dev.pixflow.app.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import dev.pixflow.contract.MovableClock;
import org.junit.jupiter.api.Test;

import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens under made-up key ids make the provider's key set be fetched once in a while, not once each. */
class KnownKeysFirstTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final List<String> asked = new ArrayList<>();
    private final Key providers;
    private final KnownKeysFirst keys;

    KnownKeysFirstTest() throws Exception {
        providers = new RSAKeyGenerator(2048).generate().toPublicKey();
        // The key set, as Spring's source reads it (each call on an id not cached is a fetch): it lists "k1".
        JWSKeySelector<SecurityContext> jwks = (header, context) -> {
            asked.add(header.getKeyID());
            return "k1".equals(header.getKeyID()) ? List.of(providers) : List.of();
        };
        keys = new KnownKeysFirst(jwks, clock);
    }

    private List<Key> select(String kid) throws Exception {
        return List.copyOf(keys.selectJWSKeys(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), null));
    }

    @Test
    void madeUpKeyIdsAreAskedAboutOnceABackoffWhileListedOnesAlwaysAre() throws Exception {
        assertThat(select("k1")).containsExactly(providers);
        for (int i = 0; i < 20; i++) {
            assertThat(select("forged-" + i)).isEmpty();
            assertThat(select("k1")).as("a listed key is never held back").containsExactly(providers);
        }
        assertThat(asked).filteredOn(kid -> kid.startsWith("forged-")).as("one fetch for twenty made-up ids").containsExactly("forged-0");

        clock.advance(KnownKeysFirst.BACKOFF.plus(Duration.ofSeconds(1)));
        assertThat(select("forged-late")).isEmpty();
        assertThat(asked).as("asked again after the backoff (the provider may have added a key)").contains("forged-late");
    }
}
