package dev.pixflow.app.security;

import dev.pixflow.core.domain.Caller;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * What the API key filter established about a request, kept as a request attribute: the caller, and
 * what the rate limits count its requests against: the key's id where a key was used, {@code user:}
 * and the owner for a signed-in caller (a token of the identity provider), none in open mode. No
 * attribute: an anonymous viewer of public images.
 */
public record Authenticated(Caller caller, Optional<String> keyId) {
    static final String ATTRIBUTE = Authenticated.class.getName();

    public static Optional<Authenticated> of(HttpServletRequest request) {
        return Optional.ofNullable((Authenticated) request.getAttribute(ATTRIBUTE));
    }

    /**
     * Whether the request came without credentials to a server with no key yet: known by how it came,
     * not by its caller's name (an admin key of {@code anonymous}'s is a caller like {@link Caller#OPEN}).
     */
    public static boolean open(HttpServletRequest request) {
        return of(request).map(a -> a.keyId().isEmpty() && a.caller().equals(Caller.OPEN)).orElse(false);
    }

    void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }
}
