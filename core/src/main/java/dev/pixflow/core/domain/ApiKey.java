package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API key as the server keeps it: never the token, only its SHA-256 (the token is 256 random bits,
 * so a fast hash is enough: there is nothing to guess that a slow hash would protect). A key works
 * until it is revoked or, if it has one, until its expiry; {@code lastUsedAt} is when a request last
 * came with it, to the minute.
 */
public record ApiKey(String id, String owner, boolean admin, String tokenSha256, Instant createdAt,
                     Optional<Instant> revokedAt, Optional<Instant> expiresAt, Optional<Instant> lastUsedAt) {
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    public ApiKey {
        requireOwner(owner);
        revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
        lastUsedAt = lastUsedAt == null ? Optional.empty() : lastUsedAt;
    }

    /** A key just made: neither revoked nor used yet. */
    public static ApiKey issued(String id, String owner, boolean admin, String tokenSha256, Instant createdAt,
                                Optional<Instant> expiresAt) {
        return new ApiKey(id, owner, admin, tokenSha256, createdAt, Optional.empty(), expiresAt, Optional.empty());
    }

    public static String requireOwner(String owner) {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new InvalidInputException("owner", "letters, digits and . _ @ -, starting with a letter or digit, at most 128");
        }
        return owner;
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    public boolean expiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    /** {@code active}, {@code expired} or {@code revoked}, as keys are listed. */
    public String statusAt(Instant now) {
        return revoked() ? "revoked" : expiredAt(now) ? "expired" : "active";
    }

    /** Whether a request may come with this key at {@code now}. */
    public boolean activeAt(Instant now) {
        return !revoked() && !expiredAt(now);
    }

    public Caller caller() {
        return new Caller(owner, admin);
    }
}
