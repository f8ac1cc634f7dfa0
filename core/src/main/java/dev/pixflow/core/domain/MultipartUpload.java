package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An unfinished large upload: what the client said about the file when it started, and how long the
 * server keeps its parts. {@code image} is set once it is completed.
 */
public record MultipartUpload(UploadId id, String owner, String filename, Optional<String> contentType,
                              OptionalLong declaredSize, ImageMetadata metadata, long partSize, UploadState state,
                              Optional<ImageId> image, Instant createdAt, Instant expiresAt) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
