package dev.pixflow.app.security;

/** A valid key asking for what only an admin key may do. */
public class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
