package dev.pixflow.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What Pixflow knows about one uploaded image. Width and height are as displayed (EXIF orientation
 * applied); {@code renditions} holds the variants that exist, by name.
 */
public record ImageRecord(
        ImageId id,
        String owner,
        ImageStatus status,
        String filename,
        ImageFormat format,
        long bytes,
        int width,
        int height,
        boolean hasAlpha,
        String sha256,
        BlobKey originalKey,
        ImageMetadata metadata,
        Instant createdAt,
        Instant updatedAt,
        Map<String, Rendition> renditions) {

    public ImageRecord {
        renditions = Map.copyOf(renditions);
    }

    public ImageRecord withRenditions(Map<String, Rendition> next) {
        return new ImageRecord(id, owner, status, filename, format, bytes, width, height, hasAlpha, sha256,
                originalKey, metadata, createdAt, updatedAt, next);
    }

    public List<String> tags() {
        return metadata.tags();
    }
}
