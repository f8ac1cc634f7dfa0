package dev.pixflow.app.security;

/** The request needs an API key it did not bring, or brought one that is unknown, revoked or expired. */
public class UnauthorizedException extends RuntimeException {
    public UnauthorizedException(String message) {
        super(message);
    }
}
