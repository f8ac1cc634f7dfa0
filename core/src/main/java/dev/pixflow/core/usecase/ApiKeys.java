package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.port.ApiKeyStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

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
        return new Issued(key, token);
    }

    /** The active key a bearer token is; empty when it is unknown or revoked. */
    public Optional<ApiKey> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return store.findByTokenHash(sha256(token.strip())).filter(ApiKey::active);
    }

    public boolean revoke(String id) {
        return store.revoke(id, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    public List<ApiKey> list() {
        return store.list();
    }

    /** No key was ever made: the server has no way to tell callers apart. */
    public boolean noneIssued() {
        return !store.anyExist();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
