package dev.pixflow.core.domain;

import java.time.Instant;

/** A rendition that exists in the blob store: what delivery serves and the record lists. */
public record Rendition(String variant, BlobKey key, ImageFormat format, int width, int height, long bytes,
                        String sha256, Instant createdAt) {
}
