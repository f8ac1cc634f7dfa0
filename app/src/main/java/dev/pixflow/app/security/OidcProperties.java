package dev.pixflow.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pixflow.auth.oidc.*}: sign-in with an identity provider. Unset issuer: API keys only.
 *
 * @param issuerUri  the identity provider's issuer (its {@code /.well-known/openid-configuration} gives the
 *                   signing keys); set, Pixflow accepts its JWT access tokens beside API keys and never runs open
 * @param audience   the {@code aud} value a token must carry to be for Pixflow; required with an issuer
 * @param ownerClaim the claim whose value is the caller's owner (letters, digits and {@code . _ @ -}): a claim
 *                   the provider keeps unique and unchanging, such as {@code sub}, or {@code email} where it does
 * @param adminScope a scope (in {@code scope} or {@code scp}) that makes the caller an admin; empty: none does
 * @param adminRole  a value of the roles claim that makes the caller an admin; empty: none does
 * @param rolesClaim the claim holding the caller's roles (a list or a space-separated string)
 * @param clockSkew  how far the provider's clock may be off ours when checking {@code exp} and {@code nbf}
 * @param clientId   the web UI's client id at the provider (a public client, authorization code with PKCE);
 *                   empty: the web UI asks for an API key instead of signing in
 * @param uiScope    the scopes the web UI asks for when it signs in (add the admin scope for admins)
 */
@ConfigurationProperties("pixflow.auth.oidc")
public record OidcProperties(@DefaultValue("") String issuerUri, @DefaultValue("") String audience,
                             @DefaultValue("sub") String ownerClaim, @DefaultValue("") String adminScope,
                             @DefaultValue("") String adminRole, @DefaultValue("roles") String rolesClaim,
                             @DefaultValue("60s") Duration clockSkew, @DefaultValue("") String clientId,
                             @DefaultValue("openid profile email") String uiScope) {

    public OidcProperties {
        // As the tokens' iss is compared, exactly: a space a properties file kept would fail every token.
        issuerUri = issuerUri.strip();
        if (!issuerUri.isBlank() && audience.isBlank()) {
            // Without an audience any token of the provider would do, including one made for another service.
            throw new IllegalArgumentException("pixflow.auth.oidc.audience is required with pixflow.auth.oidc.issuer-uri");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("pixflow.auth.oidc.clock-skew must not be negative; it was " + clockSkew);
        }
        if (!issuerUri.isBlank() && !isHttpUrl(issuerUri)) {
            // Else every token would be 503 "retry later" for good: a typo that looks like an outage.
            throw new IllegalArgumentException("pixflow.auth.oidc.issuer-uri must be an http or https URL, such as"
                    + " https://login.example.com/realms/photos; it was '" + issuerUri + "'");
        }
        if (ownerClaim.isBlank() || rolesClaim.isBlank()) {
            throw new IllegalArgumentException("pixflow.auth.oidc.owner-claim and roles-claim name a claim of the token;"
                    + " neither may be empty");
        }
    }

    private static boolean isHttpUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text);
            // The authority, not the host: java.net.URI has no host for a name with an underscore (my_idp:8080).
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getRawAuthority() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** An issuer is configured: JWTs are accepted, and a request without credentials is never open. */
    public boolean enabled() {
        return !issuerUri.isBlank();
    }

    /** The web UI signs in (rather than asking for a key). */
    public boolean uiSignIn() {
        return enabled() && !clientId.isBlank();
    }
}
