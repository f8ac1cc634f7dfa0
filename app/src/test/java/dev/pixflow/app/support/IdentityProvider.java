package dev.pixflow.app.support;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * A real OpenID Connect provider for the sign-in tests (mock-oauth2-server, on loopback): discovery,
 * a JWKS, tokens signed with its key, and with {@link #withLoginPage()} a login page where any user
 * name (and extra claims, as JSON) signs in. Tokens are issued by the issuer {@link #ISSUER}.
 */
public final class IdentityProvider implements AutoCloseable {
    public static final String ISSUER = "company";
    public static final String AUDIENCE = "pixflow";
    public static final String ADMIN_SCOPE = "pixflow.admin";
    public static final String ADMIN_ROLE = "pixflow-admin";
    public static final String UI_CLIENT = "pixflow-ui";

    private final MockOAuth2Server server;

    private IdentityProvider(boolean interactive, int port) {
        // The web UI's tokens name Pixflow as their audience, as an audience mapper on the UI's client
        // does at a real provider (this one would otherwise say "default").
        server = new MockOAuth2Server(OAuth2Config.Companion.fromJson("""
                {"interactiveLogin": %s, "tokenCallbacks": [{"issuerId": "%s", "tokenExpiry": 3600, "requestMappings": [
                    {"requestParam": "client_id", "match": "%s", "claims": {"aud": ["%s"]}}]}]}
                """.formatted(interactive, ISSUER, UI_CLIENT, AUDIENCE)));
        server.start(port);
    }

    public static IdentityProvider start() {
        return new IdentityProvider(false, 0);
    }

    /** On a given port: a provider that comes up where Pixflow was told it is. */
    public static IdentityProvider startOn(int port) {
        return new IdentityProvider(false, port);
    }

    /** With the login page: the authorization endpoint asks for a user name before it gives a code. */
    public static IdentityProvider withLoginPage() {
        return new IdentityProvider(true, 0);
    }

    public String issuerUri() {
        return server.issuerUrl(ISSUER).toString();
    }

    /** Pixflow's settings for this provider: email as the owner, a scope and a role for admins. */
    public void configure(DynamicPropertyRegistry r) {
        r.add("pixflow.auth.oidc.issuer-uri", this::issuerUri);
        r.add("pixflow.auth.oidc.audience", () -> AUDIENCE);
        r.add("pixflow.auth.oidc.owner-claim", () -> "email");
        r.add("pixflow.auth.oidc.admin-scope", () -> ADMIN_SCOPE);
        r.add("pixflow.auth.oidc.admin-role", () -> ADMIN_ROLE);
        r.add("pixflow.auth.oidc.client-id", () -> UI_CLIENT);
    }

    /**
     * An access token of this provider for {@code email}, with more claims: one that lasts an hour, with
     * {@code secondsLeft} of it left (negative: it ran out that long ago).
     */
    public String token(String email, String audience, Map<String, Object> claims, long secondsLeft) {
        Map<String, Object> all = new HashMap<>(claims);
        all.put("email", email);
        Date issued = Date.from(Instant.now().plusSeconds(secondsLeft - 3600));
        all.put("iat", issued);
        all.put("nbf", issued);
        return server.issueToken(ISSUER, "sub-" + email.hashCode(), audience, all, secondsLeft).serialize();
    }

    public String token(String email) {
        return token(email, AUDIENCE, Map.of(), 3600);
    }

    /** The server itself, for what the tests inspect (the requests it received). */
    public MockOAuth2Server server() {
        return server;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
