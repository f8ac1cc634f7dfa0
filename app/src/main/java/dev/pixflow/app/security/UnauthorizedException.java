package dev.pixflow.app.security;

/**
 * The request needs credentials it did not bring (an API key, or a token of the identity provider),
 * or brought ones that are unknown, revoked, expired or forged.
 */
public class UnauthorizedException extends RuntimeException {
    private final BearerChallenge challenge;

    public UnauthorizedException(String message) {
        this(message, BearerChallenge.NO_CREDENTIALS);
    }

    public UnauthorizedException(String message, BearerChallenge challenge) {
        super(message);
        this.challenge = challenge;
    }

    /** What the answer's {@code WWW-Authenticate} says. */
    public BearerChallenge challenge() {
        return challenge;
    }
}
