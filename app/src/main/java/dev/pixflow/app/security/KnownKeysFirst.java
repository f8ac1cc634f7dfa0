package dev.pixflow.app.security;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The identity provider's signing keys, fetched again only where that can help. A token that one of
 * the keys held (the provider's key set as last fetched, kept 5 minutes) matches is checked as always.
 * One that none matches (by key id, thumbprint, algorithm: a key the provider just added, or a made-up
 * one) would have the key set fetched again each time: here it is, once every {@link #BACKOFF}, and
 * refused without asking in between. Otherwise anyone could have the server fetch the key set once a
 * request, and a provider that limits its callers refuse everyone's sign-in. A key the provider adds
 * is taken as soon as any fetch has brought it in.
 */
final class KnownKeysFirst implements JWSKeySelector<SecurityContext> {
    static final Duration BACKOFF = Duration.ofSeconds(30);

    private final JWSVerificationKeySelector<SecurityContext> keys;
    private final JWKSetSource<SecurityContext> held;
    private final Clock clock;
    private final AtomicReference<Instant> lastMiss = new AtomicReference<>(Instant.MIN);

    private KnownKeysFirst(JWSVerificationKeySelector<SecurityContext> keys, JWKSetSource<SecurityContext> held, Clock clock) {
        this.keys = keys;
        this.held = held;
        this.clock = clock;
    }

    /** {@code selector} so wrapped, where it reads a key set through a cache as Spring's does; else as it is. */
    static JWSKeySelector<SecurityContext> around(JWSKeySelector<SecurityContext> selector, Clock clock) {
        if (selector instanceof JWSVerificationKeySelector<SecurityContext> keys
                && keys.getJWKSource() instanceof JWKSetBasedJWKSource<SecurityContext> source) {
            return new KnownKeysFirst(keys, source.getJWKSetSource(), clock);
        }
        return selector;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
        if (matcher == null || !keys.isAllowed(header.getAlgorithm())) {
            return keys.selectJWSKeys(header, context); // refused by the selector without any fetch
        }
        // The set as held (fetched only when none is, or it is older than the cache keeps it).
        JWKSet set = held.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), System.currentTimeMillis(), context);
        if (!new JWKSelector(matcher).select(set).isEmpty()) {
            return keys.selectJWSKeys(header, context);
        }
        Instant now = clock.instant();
        Instant last = lastMiss.get();
        if (last.isAfter(now.minus(BACKOFF)) || !lastMiss.compareAndSet(last, now)) {
            return List.of();
        }
        return keys.selectJWSKeys(header, context); // the one fetch of this backoff
    }
}
