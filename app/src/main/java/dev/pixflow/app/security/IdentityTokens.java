package dev.pixflow.app.security;

import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.core.usecase.OutageLog;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.DelegatingJwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.web.client.RestTemplate;
import com.nimbusds.jwt.JWTParser;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Access tokens of the configured identity provider, checked by Spring Security's resource server:
 * the provider's discovery document names its signing keys (JWKS, fetched on first use and cached),
 * and a token must be signed by one of them, come from the issuer, name Pixflow's audience and be
 * within its lifetime (give or take the clock skew). The owner claim becomes the caller's owner, the
 * admin scope or role its admin flag.
 */
public final class IdentityTokens {
    /** A JWS in compact form: three base64url parts; an unsigned token's last part is empty. */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    /** Discovery and key fetches that hang must not hold the requests waiting on them. */
    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(5);
    /** What the rate limits count a signed-in caller's requests against (API key ids are {@code key_...}). */
    static final String LIMIT_PREFIX = "user:";

    private final OidcProperties props;
    private final JwtAuthenticationProvider provider;
    private final Set<String> adminAuthorities = new HashSet<>();
    private final OutageLog providerOutage;

    public IdentityTokens(OidcProperties props, Clock clock) {
        if (!props.enabled()) {
            throw new IllegalArgumentException("no identity provider is configured (pixflow.auth.oidc.issuer-uri)");
        }
        this.props = props;
        this.providerOutage = new OutageLog(IdentityTokens.class, "checking tokens against the identity provider's keys at "
                + props.issuerUri());
        JwtTimestampValidator lifetime = new JwtTimestampValidator(props.clockSkew());
        lifetime.setClock(clock);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(EXPIRY_REQUIRED, lifetime,
                new JwtIssuerValidator(props.issuerUri()), new JwtAudienceValidator(props.audience()));
        SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
        http.setConnectTimeout(PROVIDER_TIMEOUT);
        http.setReadTimeout(PROVIDER_TIMEOUT);
        RestTemplate rest = new RestTemplate(http);
        // Discovery on first use, not at start: a provider that is down must not keep Pixflow (and its
        // API keys) from starting.
        this.provider = new JwtAuthenticationProvider(new DiscoveredOnFirstUse(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(props.issuerUri()).restOperations(rest)
                    .jwtProcessorCustomizer(p -> p.setJWSKeySelector(KnownKeysFirst.around(p.getJWSKeySelector(), clock))).build();
            decoder.setJwtValidator(validator);
            return decoder;
        }));
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(props.rolesClaim());
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setPrincipalClaimName(props.ownerClaim());
        converter.setJwtGrantedAuthoritiesConverter(new DelegatingJwtGrantedAuthoritiesConverter(new JwtGrantedAuthoritiesConverter(), roles));
        provider.setJwtAuthenticationConverter(converter);
        if (!props.adminScope().isBlank()) {
            adminAuthorities.add("SCOPE_" + props.adminScope());
        }
        if (!props.adminRole().isBlank()) {
            adminAuthorities.add("ROLE_" + props.adminRole());
        }
    }

    /**
     * Whether a bearer token is a JWT rather than an API key: a key is {@code pxf_} and base64url, with
     * no dot, so the two never overlap whatever the provider's tokens look like inside.
     */
    public static boolean looksLikeJwt(String token) {
        return !token.startsWith(ApiKeys.TOKEN_PREFIX) && COMPACT_JWS.matcher(token).matches();
    }

    /** The caller a token is; throws {@link UnauthorizedException} for one that does not hold. */
    public Authenticated authenticate(String token) {
        var authentication = authenticatedToken(token);
        if (authentication instanceof JwtAuthenticationToken jwt
                && jwt.getToken().getClaims().get(props.ownerClaim()) instanceof Object claim && !(claim instanceof String)) {
            // A number or a flag is no one's name: 42 would be an owner shared by whoever's claim says 42.
            throw invalid("the token's '" + props.ownerClaim() + "' claim is not a string, so it names no owner");
        }
        String owner = authentication.getName();
        if (owner == null || owner.isBlank()) {
            throw invalid("the token has no '" + props.ownerClaim() + "' claim, which names its owner");
        }
        try {
            ApiKey.requireOwner(owner);
        } catch (InvalidInputException e) {
            throw invalid("the token's '" + props.ownerClaim() + "' claim cannot be an owner: " + e.getMessage());
        }
        boolean admin = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(adminAuthorities::contains);
        return new Authenticated(new Caller(owner, admin), Optional.of(LIMIT_PREFIX + owner));
    }

    /** The refusal of a signed-in caller who is not an admin: which scope or role would do. */
    public ForbiddenException notAdmin() {
        List<String> ways = new ArrayList<>();
        if (!props.adminScope().isBlank()) {
            ways.add("the scope '" + props.adminScope() + "'");
        }
        if (!props.adminRole().isBlank()) {
            ways.add("the role '" + props.adminRole() + "' in its '" + props.rolesClaim() + "' claim");
        }
        String needs = ways.isEmpty()
                ? "no token is an admin's on this server (no admin scope or role is configured); use an admin API key"
                : "the token needs " + String.join(" or ", ways);
        Optional<String> scope = Optional.of(props.adminScope()).filter(s -> !s.isBlank());
        return new ForbiddenException("this endpoint is for admins: " + needs, Optional.of(BearerChallenge.insufficientScope(needs, scope)));
    }

    private Authentication authenticatedToken(String token) {
        try {
            // Bytes that are no JWT at all are refused here, without asking the provider anything.
            JWTParser.parse(token);
        } catch (java.text.ParseException e) {
            throw invalid("the token is not a JWT: " + e.getMessage());
        }
        try {
            Authentication checked = provider.authenticate(new BearerTokenAuthenticationToken(token));
            providerOutage.succeeded();
            return checked;
        } catch (ClassCastException e) {
            // A scope or roles claim whose entries are not strings: a token this server cannot read.
            throw invalid("the token's '" + props.rolesClaim() + "', 'scope' or 'scp' claim is not a string or a list of strings");
        } catch (OAuth2AuthenticationException e) {
            providerOutage.succeeded(); // judged: the provider's keys were there to judge it by
            String description = e.getError().getDescription();
            String why = description == null || description.isBlank() ? e.getMessage() : description;
            // Spring's wording of a token it could not decode says more of Spring than of the token.
            throw invalid(why.replaceFirst("^An error occurred while attempting to decode the Jwt: ", "the token does not hold: "));
        } catch (AuthenticationServiceException | JwtDecoderInitializationException e) {
            // Met by every request while the provider is down: told once, then a line a minute, then its end.
            providerOutage.failed(e);
            throw new IdentityProviderUnavailableException("the identity provider's keys could not be fetched from "
                    + props.issuerUri() + " to check the token; retry later", e);
        }
    }

    /** A token without an expiry would be good for ever once leaked: refused, whatever signed it. */
    private static final OAuth2TokenValidator<Jwt> EXPIRY_REQUIRED = jwt -> jwt.getExpiresAt() != null
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has no 'exp' claim: a token must expire", null));

    private static UnauthorizedException invalid(String why) {
        return new UnauthorizedException(why, BearerChallenge.invalidToken(why));
    }
}
