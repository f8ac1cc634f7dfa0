package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.port.ApiKeyStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Issuing, checking and revoking API keys. The token is shown once, at issue; only its hash is kept. */
public final class ApiKeys {
    /** Tokens carry a prefix so a leaked one is recognisable (secret scanners, logs). */
    public static final String TOKEN_PREFIX = "pxf_";

    /** A key just made, with the only copy of its token. */
    public record Issued(ApiKey key, String token) {
    }

    private final ApiKeyStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Keys are revoked, never deleted: once one exists, {@link #noneIssued} is false for good. */
    private volatile boolean anySeen;
    private volatile long noneAnsweredAt;
    /** Active keys recently found, by token hash; only found keys, so unknown tokens cannot fill it. */
    private final Map<String, Found> recent = new ConcurrentHashMap<>();

    private record Found(ApiKey key, long foundAt) {
    }

    public ApiKeys(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Issued issue(String owner, boolean admin) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        ApiKey key = new ApiKey("key_" + HexFormat.of().formatHex(idBytes), ApiKey.requireOwner(owner), admin,
                sha256(token), clock.instant().truncatedTo(ChronoUnit.MILLIS), Optional.empty());
        store.create(key);
        anySeen = true;
        return new Issued(key, token);
    }

    /** The active key a bearer token is; empty when it is unknown or revoked. */
    public Optional<ApiKey> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return store.findByTokenHash(sha256(token.strip())).filter(ApiKey::active);
    }

    /**
     * {@link #authenticate}, answered from keys found less than {@code maxAge} ago: for the hot delivery
     * path. A revocation in this process counts at once; one in another process within {@code maxAge}.
     */
    public Optional<ApiKey> authenticateWithin(String token, Duration maxAge) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String hash = sha256(token.strip());
        Found found = recent.get(hash);
        long now = System.nanoTime();
        if (found != null && now - found.foundAt() < maxAge.toNanos()) {
            return Optional.of(found.key());
        }
        Optional<ApiKey> key = store.findByTokenHash(hash).filter(ApiKey::active);
        key.ifPresentOrElse(k -> recent.put(hash, new Found(k, now)), () -> recent.remove(hash));
        return key;
    }

    public boolean revoke(String id) {
        boolean revoked = store.revoke(id, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        recent.values().removeIf(f -> f.key().id().equals(id));
        return revoked;
    }

    public List<ApiKey> list() {
        return store.list();
    }

    /** No key was ever made: the server has no way to tell callers apart. */
    public boolean noneIssued() {
        if (anySeen) {
            return false;
        }
        long askedAt = System.nanoTime();
        boolean none = !store.anyExist();
        if (none) {
            noneAnsweredAt = askedAt;
        } else {
            anySeen = true;
        }
        return none;
    }

    /**
     * {@link #noneIssued}, answered without the store when it said "none" less than {@code maxAge} ago:
     * for the hot delivery path. A key issued in this process counts at once; one issued by another
     * process within {@code maxAge}.
     */
    public boolean noneIssuedWithin(Duration maxAge) {
        if (anySeen) {
            return false;
        }
        long answeredAt = noneAnsweredAt;
        return (answeredAt != 0 && System.nanoTime() - answeredAt < maxAge.toNanos()) || noneIssued();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
