package dev.pixflow.app.delivery;

import dev.pixflow.core.delivery.ExpiringLinks;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Visibility;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.support.WebApplicationContextUtils;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The delivery URLs that API records give. With {@code pixflow.delivery.public-base-url} (CDN origin
 * mode) they start with the CDN's address, so every link a client is handed goes through the CDN; a
 * private image's links, in its owner's records, are signed and expire (when signing keys are
 * configured), so a page may embed them for a while without the owner's API key.
 */
public final class DeliveryUrls {
    private final Optional<String> publicBase;
    private final ExpiringLinks links;
    private final Duration ttl;
    private final Clock clock;

    public DeliveryUrls(String publicBaseUrl, ExpiringLinks links, Duration ttl, Clock clock) {
        this.publicBase = Optional.ofNullable(publicBaseUrl).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.links = links;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** This application's instance, for code that renders records outside of a bean (the JSON views). */
    public static DeliveryUrls current() {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        return WebApplicationContextUtils.getRequiredWebApplicationContext(request.getServletContext()).getBean(DeliveryUrls.class);
    }

    /** Where delivery URLs start: the CDN, or this server as the request reached it. */
    public String base() {
        return publicBase.orElseGet(() -> ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
    }

    /**
     * {@code /i/{id}/{variant}} on the public base; for its owner, signed to expire when the image is
     * private. Anyone else (an admin listing an owner's images) gets the plain URL, which a private
     * image answers with 404: its private delivery stays its owner's, as reading it by id does.
     */
    public String image(ImageRecord image, String variant, boolean forItsOwner) {
        String path = "/i/" + image.id() + "/" + variant;
        if (forItsOwner && image.visibility() == Visibility.PRIVATE && links.signer().enabled()) {
            return base() + links.sign(path, clock.instant().plus(ttl));
        }
        return base() + path;
    }
}
