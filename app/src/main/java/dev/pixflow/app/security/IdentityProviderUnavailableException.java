package dev.pixflow.app.security;

/**
 * A token could not be checked because the identity provider's discovery document or signing keys
 * could not be fetched: the token may be fine, so this is no 401, which would send the caller to sign
 * in again for nothing.
 */
public class IdentityProviderUnavailableException extends RuntimeException {
    public IdentityProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
