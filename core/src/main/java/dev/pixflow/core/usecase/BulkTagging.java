package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;

import java.util.List;

/**
 * What a bulk tag change did: the images changed, those already as asked (left as they were, no new
 * version), and the ids that are no image of the caller's.
 */
public record BulkTagging(List<ImageId> updated, List<ImageId> unchanged, List<ImageId> missing) {
}
