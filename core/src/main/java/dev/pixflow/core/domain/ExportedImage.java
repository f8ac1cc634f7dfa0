package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.ImageFormat;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One image record as the analytics export writes it: the catalogue's facts, flat, without the
 * rendition list and without the camera's GPS position (which leaves the server only for its owner).
 */
public record ExportedImage(
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
        Visibility visibility,
        Optional<String> title,
        List<String> tags,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> takenAt,
        Optional<String> cameraMake,
        Optional<String> cameraModel,
        Optional<Instant> expiresAt) {

    public ExportedImage {
        tags = List.copyOf(tags);
        title = title == null ? Optional.empty() : title;
        takenAt = takenAt == null ? Optional.empty() : takenAt;
        cameraMake = cameraMake == null ? Optional.empty() : cameraMake;
        cameraModel = cameraModel == null ? Optional.empty() : cameraModel;
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    }
}
