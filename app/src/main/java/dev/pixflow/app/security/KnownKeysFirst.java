package dev.pixflow.app.security;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The identity provider's signing keys, asked of its key set (JWKS) only where that can help. A token
 * naming a key id the set listed before is checked as always. One naming a new id makes the key set be
 * fetched again (the provider may have added a key), unless an id the set did not list was asked for
 * within {@link #BACKOFF}: then it is refused without asking. Otherwise anyone could make the server
 * fetch the key set once a request, with tokens under made-up key ids, and have a provider that limits
 * its callers refuse everyone's sign-in.
 */
final class KnownKeysFirst implements JWSKeySelector<SecurityContext> {
    static final Duration BACKOFF = Duration.ofSeconds(30);

    private final JWSKeySelector<SecurityContext> keys;
    private final Clock clock;
    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> lastUnlisted = new AtomicReference<>(Instant.MIN);

    KnownKeysFirst(JWSKeySelector<SecurityContext> keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        String kid = header.getKeyID();
        if (kid != null && !listed.contains(kid) && lastUnlisted.get().isAfter(clock.instant().minus(BACKOFF))) {
            return List.of();
        }
        List<? extends Key> found = keys.selectJWSKeys(header, context);
        if (kid != null) {
            if (found.isEmpty()) {
                lastUnlisted.set(clock.instant());
            } else {
                listed.add(kid);
            }
        }
        return found;
    }
}
