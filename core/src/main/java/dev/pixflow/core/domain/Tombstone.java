package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import java.time.Instant;

/**
 * What is left of an image that expired: enough to answer 410 rather than 404, to those who could see
 * it (its owner; anyone, for delivery, when it was public).
 */
public record Tombstone(ImageId id, String owner, Visibility visibility, Instant expiredAt) {
}
