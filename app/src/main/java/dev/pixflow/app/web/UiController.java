package dev.pixflow.app.web;

import dev.pixflow.app.multipart.MultipartProperties;
import dev.pixflow.app.security.OidcProperties;
import dev.pixflow.core.usecase.MultipartLimits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;

/**
 * The web UI's settings (the pages themselves are static resources under {@code static/}). The upload
 * page cuts files into parts before it asks {@code POST /v1/uploads} for an upload id, so it is told
 * the server's part sizes here ({@code pixflow.multipart.*}) and sizes its parts by the server's own
 * rule; {@code pixflow.ui.parallel-parts} requests are in flight at once; the admin page polls every
 * {@code pixflow.ui.admin-poll}. With an identity provider and a client id for the UI
 * ({@code pixflow.auth.oidc.*}), {@code signIn} tells the pages where to sign in (authorization code
 * with PKCE); without, it is null and the pages ask for an API key.
 */
@RestController
public class UiController {

    public record UiConfig(long partSize, long maxPartSize, int maxParts, int parallelParts, long adminPollMillis, SignIn signIn) {
    }

    /** Where and as whom the pages sign in: the provider's issuer, the UI's client id, the scopes it asks for. */
    public record SignIn(String issuer, String clientId, String scope) {
    }

    private final UiConfig config;

    public UiController(MultipartProperties multipart, OidcProperties oidc,
                        @Value("${pixflow.ui.parallel-parts:4}") int parallelParts,
                        @Value("${pixflow.ui.admin-poll:5s}") Duration adminPoll) {
        this.config = new UiConfig(multipart.partSize().toBytes(), multipart.maxPartSize().toBytes(), MultipartLimits.MAX_PARTS,
                Math.max(1, parallelParts), Math.max(250, adminPoll.toMillis()),
                oidc.uiSignIn() ? new SignIn(oidc.issuerUri(), oidc.clientId(), oidc.uiScope()) : null);
    }

    @GetMapping("/ui/config.json")
    public UiConfig config() {
        return config;
    }
}
