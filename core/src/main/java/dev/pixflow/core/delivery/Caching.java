package dev.pixflow.core.delivery;

import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.domain.Visibility;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who may keep a delivery answer, and until when. A shared cache (a CDN) may keep what the URL alone
 * decides; what a key decided (a private image to its owner, an original as its owner uploaded it) is
 * for that viewer only. An answer reached through a URL that expires, or of an image that expires,
 * may be kept until then and no longer: after it the origin answers 410, and a cache must ask it.
 *
 * @param shared         a shared cache may keep it for anyone who sends the same URL
 * @param until          when it stops being valid (the link's {@code exp}, the image's expiry), if ever
 * @param variesByCaller another caller's key may get another answer at the same URL ({@code Vary: Authorization})
 */
public record Caching(boolean shared, Optional<Instant> until, boolean variesByCaller) {

    /**
     * @param image         the image whose bytes are sent
     * @param viewer        who asked: the signed link, the key, or anyone
     * @param linkExpires   the expiry (unix seconds) the URL carries, if any
     * @param ownersOwnCopy the bytes are the owner's own (an original as uploaded, which others get cleaned)
     * @param perCaller     the same URL gives the owner and others different bytes
     */
    public static Caching of(ImageRecord image, Viewer viewer, OptionalLong linkExpires, boolean ownersOwnCopy,
                             boolean perCaller) {
        Optional<Instant> until = earliest(image.expiresAt(),
                linkExpires.isPresent() ? Optional.of(Instant.ofEpochSecond(linkExpires.getAsLong())) : Optional.empty());
        // A signed link shows the same bytes to whoever holds it: the URL decides, so a CDN keyed on it may keep them.
        boolean decidedByKey = !viewer.signedUrl() && (image.visibility() == Visibility.PRIVATE || ownersOwnCopy);
        return new Caching(!decidedByKey, until, decidedByKey || perCaller);
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isBefore(b.get()) ? a : b;
    }
}
