package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import java.time.Instant;

/**
 * The image existed and expired: answered 410 rather than 404. A kind of not-found, so every path that
 * copes with a missing image copes with an expired one.
 */
public class GoneException extends NotFoundException {
    private final Instant expiredAt;

    public GoneException(ImageId id, Instant expiredAt) {
        super("image " + id + " expired at " + expiredAt);
        this.expiredAt = expiredAt;
    }

    public Instant expiredAt() {
        return expiredAt;
    }
}
