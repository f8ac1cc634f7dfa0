package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API key as the server keeps it: never the token, only its SHA-256 (the token is 256 random bits,
 * so a fast hash is enough: there is nothing to guess that a slow hash would protect).
 */
public record ApiKey(String id, String owner, boolean admin, String tokenSha256, Instant createdAt,
                     Optional<Instant> revokedAt) {
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    public ApiKey {
        requireOwner(owner);
        revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
    }

    public static String requireOwner(String owner) {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new InvalidInputException("owner", "letters, digits and . _ @ -, starting with a letter or digit, at most 128");
        }
        return owner;
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }

    public Caller caller() {
        return new Caller(owner, admin);
    }
}
