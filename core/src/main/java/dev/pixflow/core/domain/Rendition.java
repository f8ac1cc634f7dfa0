package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageFormat;
import java.time.Instant;

/**
 * A rendition that exists in the blob store: what delivery serves and the record lists.
 * {@code firstFrameOnly} tells that the source was animated and only its first frame was kept.
 */
public record Rendition(String variant, BlobKey key, ImageFormat format, int width, int height, long bytes,
                        String sha256, Instant createdAt, int frames, boolean firstFrameOnly) {

    public Rendition(String variant, BlobKey key, ImageFormat format, int width, int height, long bytes,
                     String sha256, Instant createdAt) {
        this(variant, key, format, width, height, bytes, sha256, createdAt, 1, false);
    }
}
