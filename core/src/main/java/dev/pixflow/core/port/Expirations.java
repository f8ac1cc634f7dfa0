package dev.pixflow.core.port;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Tombstone;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** When images expire, which have, and the tombstones they leave once swept. */
public interface Expirations {

    /** Sets or clears when the image expires; false when it does not exist. */
    boolean setExpiry(ImageId id, Optional<Instant> expiresAt, Instant at);

    /** Images whose expiry is at or before {@code now}, soonest first. */
    List<ImageRecord> expired(Instant now, int limit);

    /** What is left of an image that expired and was swept. */
    Optional<Tombstone> tombstone(ImageId id);
}
