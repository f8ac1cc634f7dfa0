package dev.pixflow.app.security;

import java.util.Optional;

/**
 * The {@code WWW-Authenticate} challenge of a refused bearer request (RFC 6750, section 3): no error
 * code when the request brought no credentials, {@code invalid_token} for a token that is unknown,
 * expired or forged, {@code insufficient_scope} (with the scope that would do) for a caller who is
 * not an admin.
 */
public record BearerChallenge(Optional<String> error, Optional<String> description, Optional<String> scope) {
    static final String REALM = "pixflow";

    /** For a request without credentials: the scheme and realm only. */
    public static final BearerChallenge NO_CREDENTIALS = new BearerChallenge(Optional.empty(), Optional.empty(), Optional.empty());

    public static BearerChallenge invalidToken(String description) {
        return new BearerChallenge(Optional.of("invalid_token"), Optional.of(description), Optional.empty());
    }

    public static BearerChallenge insufficientScope(String description, Optional<String> scope) {
        return new BearerChallenge(Optional.of("insufficient_scope"), Optional.of(description), scope);
    }

    /** The header value; the quoted values keep to the characters RFC 6750 allows in them. */
    public String header() {
        StringBuilder h = new StringBuilder("Bearer realm=\"" + REALM + "\"");
        error.ifPresent(e -> h.append(", error=\"").append(quotable(e)).append('"'));
        description.ifPresent(d -> h.append(", error_description=\"").append(quotable(d)).append('"'));
        scope.ifPresent(s -> h.append(", scope=\"").append(quotable(s)).append('"'));
        return h.toString();
    }

    /** %x20-21 / %x23-5B / %x5D-7E: printable ASCII without the double quote and the backslash. */
    private static String quotable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' ? c : '\'');
        }
        return out.toString();
    }
}
