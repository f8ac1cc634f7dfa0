package dev.pixflow.app.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.security.Authenticated;
import dev.pixflow.app.security.ForbiddenException;
import dev.pixflow.app.security.UnauthorizedException;
import dev.pixflow.app.web.JsonFields;
import dev.pixflow.app.web.RequestBodies;
import dev.pixflow.app.web.RequestInstants;
import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.usecase.ApiKeys;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/admin/keys}: API keys for admins, as {@code pixflow keys} makes them on the command line.
 * The token is in the answer that makes the key and nowhere else, ever; a lost token means a new key.
 * Keys are revoked, never deleted, so the list keeps who had access and until when.
 */
@RestController
public class KeysController {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeysController.class);

    private static final Set<String> FIELDS = RequestBodies.fields(RequestBodies.CreateKeyBody.class);

    /** What a key may do: its owner's images ({@code user}), and also {@code /v1/admin} ({@code admin}). */
    public enum Scope {
        USER, ADMIN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Scope of(ApiKey key) {
            return key.admin() ? ADMIN : USER;
        }

        static Scope parse(String text) {
            for (Scope s : values()) {
                if (s.id().equals(text)) {
                    return s;
                }
            }
            throw new InvalidInputException("scope", "'user' (the owner's images) or 'admin' (also /v1/admin)");
        }
    }

    /** A key as listed: never its token nor the token's hash. {@code status}: active, expired or revoked. */
    public record KeyJson(String id, String owner, String scope, String status, Instant createdAt, @Schema(types = {"string", "null"}, format = "date-time") Instant expiresAt,
                          @Schema(types = {"string", "null"}, format = "date-time") Instant revokedAt, @Schema(types = {"string", "null"}, format = "date-time") Instant lastUsedAt) {
        static KeyJson of(ApiKey k, Instant now) {
            return new KeyJson(k.id(), k.owner(), Scope.of(k).id(), k.statusAt(now), k.createdAt(), k.expiresAt().orElse(null),
                    k.revokedAt().orElse(null), k.lastUsedAt().orElse(null));
        }
    }

    /** A key just made, with the only copy of its token. */
    public record CreatedKeyJson(String id, String owner, String scope, String status, Instant createdAt,
                                 @Schema(types = {"string", "null"}, format = "date-time") Instant expiresAt,
                                 String token) {
    }

    public record KeysJson(List<KeyJson> items) {
    }

    private final ApiKeys keys;
    private final Clock clock;

    public KeysController(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** {@code {"owner": "ana", "scope": "user"|"admin", "expiresAt": "2027-01-01T00:00:00Z"}}; scope user and no expiry by default. */
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping(path = "/v1/admin/keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CreatedKeyJson> create(Caller caller, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = RequestBodies.CreateKeyBody.class))) @RequestBody JsonNode body,
                                                 HttpServletRequest request) {
        requireAdmin(caller);
        JsonFields.object(body, FIELDS, "a JSON object with owner, and optionally scope and expiresAt");
        String owner = JsonFields.text(body, "owner");
        if (owner == null) {
            throw new InvalidInputException("owner", "whose images the key sees and changes");
        }
        Scope scope = Optional.ofNullable(JsonFields.text(body, "scope")).map(Scope::parse).orElse(Scope.USER);
        Optional<Instant> expiresAt = Optional.ofNullable(JsonFields.text(body, "expiresAt")).map(KeysController::instant);
        ApiKeys.Issued issued;
        if (Authenticated.open(request)) {
            // The first key closes an open server: were it a user's, no one could reach /v1/admin again but from the
            // command line. (A server with an identity provider is never open: its admins sign in.)
            if (scope != Scope.ADMIN) {
                throw new InvalidInputException("scope", "the first key is an admin's (scope admin): once a key exists every"
                        + " request needs one, and only an admin key makes others");
            }
            // Made only while there is none: of callers racing on an open server, one gets an admin key and the
            // others are what they now are, callers without a key.
            issued = keys.issueFirst(owner, expiresAt).orElseThrow(() -> new UnauthorizedException(
                    "a key was made meanwhile, so this server is no longer open: this endpoint needs an admin key"));
        } else {
            issued = keys.issue(owner, scope == Scope.ADMIN, expiresAt);
        }
        ApiKey k = issued.key();
        // An admin may make a key for any owner, and so act as them: who made each one is kept in the log.
        LOG.info("API key {} ({}) made for owner {}{} by {}", k.id(), scope.id(), k.owner(),
                k.expiresAt().map(at -> ", expiring " + at).orElse(""), actor(request));
        // The token is shown here only: no cache along the way may keep it.
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore()).body(new CreatedKeyJson(k.id(), k.owner(), scope.id(), "active",
                k.createdAt(), k.expiresAt().orElse(null), issued.token()));
    }

    /** Every key, oldest first, with its last use (to the minute). */
    @GetMapping("/v1/admin/keys")
    public KeysJson list(Caller caller) {
        requireAdmin(caller);
        Instant now = clock.instant();
        return new KeysJson(keys.list().stream().map(k -> KeyJson.of(k, now)).toList());
    }

    /** Revokes the key: refused from the next request on. Revoking a revoked key again changes nothing. */
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/v1/admin/keys/{id}")
    public ResponseEntity<Void> revoke(Caller caller, @PathVariable String id, HttpServletRequest request) {
        requireAdmin(caller);
        ApiKey key = keys.find(id).orElseThrow(() -> new NotFoundException("no key " + id));
        if (!key.revoked()) {
            keys.revoke(id);
            LOG.info("API key {} of owner {} revoked by {}", id, key.owner(), actor(request));
        }
        return ResponseEntity.noContent().build();
    }

    /** Who made the request, for the log: the key used (never its token), or the signed-in user. */
    private static String actor(HttpServletRequest request) {
        return Authenticated.of(request).map(a -> a.keyId().map(k -> k.startsWith("key_") ? "key " + k : k)
                .orElse("a caller of the open server")).orElse("?");
    }

    private static Instant instant(String text) {
        try {
            return RequestInstants.within(OffsetDateTime.parse(text).toInstant(), "expiresAt");
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("expiresAt", "an ISO 8601 date and time with its offset, such as 2027-01-01T00:00:00Z");
        }
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw new ForbiddenException("this endpoint needs an admin key");
        }
    }
}
