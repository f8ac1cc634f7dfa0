package dev.pixflow.core.port;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Tombstone;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which images have expired, and the tombstones they leave once swept. An expiry is set with the rest
 * of an edit ({@link ImageRecords#edit}).
 */
public interface Expirations {

    /** Images whose expiry is at or before {@code now}, soonest first. */
    List<ImageRecord> expired(Instant now, int limit);

    /** What is left of an image that expired and was swept. */
    Optional<Tombstone> tombstone(ImageId id);
}
