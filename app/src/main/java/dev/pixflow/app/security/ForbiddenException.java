package dev.pixflow.app.security;

import java.util.Optional;

/** Valid credentials asking for what only an admin may do. */
public class ForbiddenException extends RuntimeException {
    private final Optional<BearerChallenge> challenge;

    public ForbiddenException(String message) {
        this(message, Optional.empty());
    }

    public ForbiddenException(String message, Optional<BearerChallenge> challenge) {
        super(message);
        this.challenge = challenge;
    }

    /** An {@code insufficient_scope} challenge, for a token of the identity provider. */
    public Optional<BearerChallenge> challenge() {
        return challenge;
    }
}
