package dev.pixflow.app.security;

import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.usecase.ApiKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Establishes who a request comes from, before any controller runs. {@code Authorization: Bearer
 * TOKEN} must be an active API key or, when an identity provider is configured, one of its access
 * tokens (told apart by their shape: {@link IdentityTokens#looksLikeJwt}), or the request is refused
 * (401), wherever it goes. Without the header: while no key was ever made and no identity provider is
 * configured the server is open and the request acts as {@link Caller#OPEN}; otherwise only delivery
 * ({@code /i/}, {@code /t/}) answers, and only with what anyone may see; everything else is 401.
 * {@code /v1/admin/} needs an admin key or token (403 for another).
 * Health and metrics stay open for probes and scrapers, and the OpenAPI description and Swagger UI
 * for readers: they show no image.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {
    private static final String BEARER = "Bearer ";

    /** How old a key lookup a delivery request may use (another process's first key or revocation). */
    public static final Duration KEY_PRESENCE_TTL = Duration.ofSeconds(1);

    private final ApiKeys keys;
    private final Optional<IdentityTokens> identityTokens;
    private final HandlerExceptionResolver problems;
    private final boolean openBehindAuthenticator;

    /**
     * @param openBehindAuthenticator {@code pixflow.security.open}: something in front authenticates, so an
     *                                open server takes any name and origin; otherwise it is on loopback, and
     *                                answers this machine's own requests only ({@link OpenModeRequests})
     */
    public ApiKeyFilter(ApiKeys keys, Optional<IdentityTokens> identityTokens, HandlerExceptionResolver problems,
                        boolean openBehindAuthenticator) {
        this.keys = keys;
        this.identityTokens = identityTokens;
        this.problems = problems;
        this.openBehindAuthenticator = openBehindAuthenticator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = RequestPaths.of(request);
        try {
            if (path.startsWith("/actuator/") || path.equals("/actuator") || path.equals("/error") || isUi(path)
                    || isApiDescription(path)) {
                refuseForeignWhileOpen(request);
            } else {
                authenticate(request, path).ifPresent(a -> a.attachTo(request));
            }
        } catch (UnauthorizedException | ForbiddenException | OpenModeRefusedException | IdentityProviderUnavailableException
                 | InvalidInputException e) {
            // Through the MVC exception resolvers, so the refusal is the same problem document as any other.
            problems.resolveException(request, response, null, e);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * What anyone may read (health, metrics, the UI's pages, the API's description) is, on an open server,
     * this machine's alone too: no page that pointed its own name at 127.0.0.1 reads it. The request is
     * judged first, so this machine's own (every health probe) never waits for the key store, which a
     * probe of a database that is down would.
     */
    private void refuseForeignWhileOpen(HttpServletRequest request) {
        refuseForeign(request, () -> identityTokens.isEmpty() && keys.noneIssuedWithin(KEY_PRESENCE_TTL));
    }

    /**
     * On an open server on loopback, refuses what is not this machine's own request ({@link OpenModeRequests});
     * {@code open} is asked only of a request that would be refused.
     */
    private void refuseForeign(HttpServletRequest request, BooleanSupplier open) {
        if (openBehindAuthenticator) {
            return;
        }
        Optional<String> why = OpenModeRequests.refusal(request);
        if (why.isPresent() && open.getAsBoolean()) {
            throw new OpenModeRefusedException(why.get());
        }
    }

    private Optional<Authenticated> authenticate(HttpServletRequest request, String path) {
        // Read off the headers as they come, not copied: this runs on every request, delivery's included.
        Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
        String header = headers.hasMoreElements() ? headers.nextElement() : null;
        if (headers.hasMoreElements()) {
            // Which one counts would be a guess, and a proxy in front may have checked the other.
            throw new InvalidInputException("Authorization", "send one Authorization header, not several");
        }
        if (header != null && header.strip().equalsIgnoreCase(BEARER.strip())) {
            // "Bearer $KEY" from a script whose variable is unset (the docs' examples before the first key):
            // no credentials, as without the header, rather than a malformed one.
            header = null;
        }
        if (header != null && !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            if (!isDelivery(path)) {
                throw new UnauthorizedException("send the API key or access token as 'Authorization: Bearer <token>'");
            }
            // A browser sends a site's HTTP Basic credentials with its every image: they are that site's, not
            // ours to judge, and the image is answered as to anyone without a key.
            header = null;
        }
        Optional<Authenticated> who;
        boolean signedIn = false;
        if (header != null) {
            String token = header.substring(BEARER.length());
            if (IdentityTokens.looksLikeJwt(token.strip())) {
                who = Optional.of(identityTokens.orElseThrow(() -> invalid("this server takes no identity provider's tokens"
                        + " (pixflow.auth.oidc.issuer-uri is unset): send an API key")).authenticate(token.strip()));
                signedIn = true;
            } else {
                ApiKey key = (isDelivery(path) ? keys.authenticateWithin(token, KEY_PRESENCE_TTL) : keys.authenticate(token))
                        .orElseThrow(() -> invalid("the API key is unknown, revoked or expired"));
                who = Optional.of(new Authenticated(key.caller(), Optional.of(key.id())));
            }
        } else if (identityTokens.isEmpty() && (isDelivery(path) ? keys.noneIssuedWithin(KEY_PRESENCE_TTL) : keys.noneIssued())) {
            refuseForeign(request, () -> true);
            who = Optional.of(new Authenticated(Caller.OPEN, Optional.empty()));
        } else if (isDelivery(path)) {
            return Optional.empty();
        } else if (identityTokens.isPresent()) {
            throw new UnauthorizedException("this server needs a sign-in or an API key: send 'Authorization: Bearer <token>'");
        } else {
            throw new UnauthorizedException("this server needs an API key: send 'Authorization: Bearer <token>'");
        }
        if (path.startsWith("/v1/admin/") && !who.get().caller().admin()) {
            throw signedIn ? identityTokens.get().notAdmin() : new ForbiddenException("this endpoint needs an admin key");
        }
        return who;
    }

    private static UnauthorizedException invalid(String why) {
        return new UnauthorizedException(why, BearerChallenge.invalidToken(why));
    }

    /** The web UI's static pages and scripts: they hold no data, and send the key themselves. */
    static boolean isUi(String path) {
        return path.equals("/") || path.startsWith("/ui/") || path.startsWith("/webjars/")
                || (path.endsWith(".html") && path.indexOf('/', 1) < 0);
    }

    /** The OpenAPI description and Swagger UI: the API's shape, no data. */
    private static boolean isApiDescription(String path) {
        return path.startsWith("/v3/api-docs") || path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/");
    }

    private static boolean isDelivery(String path) {
        return path.startsWith("/i/") || path.startsWith("/t/");
    }
}
