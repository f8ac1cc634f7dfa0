package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.port.ApiKeyStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Issuing, checking and revoking API keys. The token is shown once, at issue; only its hash is kept. A
 * key's last use is written at most once a {@link #USE_RESOLUTION} per process, so a busy key costs no
 * write per request.
 */
public final class ApiKeys {
    private static final Logger LOG = Logger.getLogger(ApiKeys.class.getName());
    /** How precisely a key's last use is kept. */
    public static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

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
    /** When this process last wrote each key's use, by key id. */
    private final Map<String, Instant> usesWritten = new ConcurrentHashMap<>();

    private record Found(ApiKey key, long foundAt) {
    }

    public ApiKeys(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A key that does not expire. */
    public Issued issue(String owner, boolean admin) {
        return issue(owner, admin, Optional.empty());
    }

    /** A key for {@code owner}, an admin's or not, refused from {@code expiresAt} on when given. */
    public Issued issue(String owner, boolean admin, Optional<Instant> expiresAt) {
        Issued issued = made(owner, admin, expiresAt);
        store.create(issued.key());
        anySeen = true;
        return issued;
    }

    /**
     * The first key, an admin's, made only while there is none: what an open server lets anyone do,
     * once. Empty when a key exists, however recently another caller made it.
     */
    public Optional<Issued> issueFirst(String owner, Optional<Instant> expiresAt) {
        Issued issued = made(owner, true, expiresAt);
        if (store.createFirst(issued.key())) {
            anySeen = true;
            return Optional.of(issued);
        }
        // Closed for good only once a key is seen: not on a refusal alone.
        anySeen = store.anyExist();
        return Optional.empty();
    }

    private Issued made(String owner, boolean admin, Optional<Instant> expiresAt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<Instant> expiry = expiresAt.map(at -> at.truncatedTo(ChronoUnit.MILLIS));
        if (expiry.isPresent() && !expiry.get().isAfter(now)) {
            throw new InvalidInputException("expiresAt", "must be in the future; it was " + expiry.get());
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        ApiKey key = ApiKey.issued("key_" + HexFormat.of().formatHex(idBytes), ApiKey.requireOwner(owner), admin,
                sha256(token), now, expiry);
        return new Issued(key, token);
    }

    /** The active key a bearer token is; empty when it is unknown, revoked or expired. */
    public Optional<ApiKey> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiKey> key = store.findByTokenHash(sha256(token.strip())).filter(k -> k.activeAt(now));
        key.ifPresent(k -> noteUse(k, now));
        return key;
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
        Instant at = clock.instant();
        if (found != null && now - found.foundAt() < maxAge.toNanos() && found.key().activeAt(at)) {
            noteUse(found.key(), at);
            return Optional.of(found.key());
        }
        Optional<ApiKey> key = store.findByTokenHash(hash).filter(k -> k.activeAt(at));
        key.ifPresentOrElse(k -> recent.put(hash, new Found(k, now)), () -> recent.remove(hash));
        key.ifPresent(k -> noteUse(k, at));
        return key;
    }

    /**
     * Writes the key's last use unless this process, or the store as it was read, says it was used
     * within {@link #USE_RESOLUTION}. A failed write costs the request nothing: the last use is a hint
     * for whoever reviews keys, not a check.
     */
    private void noteUse(ApiKey key, Instant now) {
        Optional<Instant> last = java.util.stream.Stream.of(Optional.ofNullable(usesWritten.get(key.id())), key.lastUsedAt())
                .flatMap(Optional::stream).max(Instant::compareTo);
        if (last.isPresent() && now.isBefore(last.get().plus(USE_RESOLUTION))) {
            return;
        }
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        usesWritten.put(key.id(), at);
        try {
            store.recordUse(key.id(), at);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the last use of key " + key.id(), e);
        }
    }

    /** The key with this id, whatever its state. */
    public Optional<ApiKey> find(String id) {
        return store.list().stream().filter(k -> k.id().equals(id)).findFirst();
    }

    public boolean revoke(String id) {
        boolean revoked = store.revoke(id, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        recent.values().removeIf(f -> f.key().id().equals(id));
        return revoked;
    }

    public List<ApiKey> list() {
        return store.list();
    }

    /** {@code active}, {@code expired} or {@code revoked}, now. */
    public String statusOf(ApiKey key) {
        return key.statusAt(clock.instant());
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
        return noneIssuedKnownWithin(maxAge).orElseGet(this::noneIssued);
    }

    /**
     * What {@link #noneIssuedWithin} answers when it can without the store; empty when only the store can
     * say. For a caller that must not wait on the store (an event loop): it lets another path ask.
     */
    public Optional<Boolean> noneIssuedKnownWithin(Duration maxAge) {
        if (anySeen) {
            return SOME_ISSUED;
        }
        long answeredAt = noneAnsweredAt;
        return answeredAt != 0 && System.nanoTime() - answeredAt < maxAge.toNanos() ? NONE_ISSUED : Optional.empty();
    }

    private static final Optional<Boolean> SOME_ISSUED = Optional.of(false);
    private static final Optional<Boolean> NONE_ISSUED = Optional.of(true);

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
