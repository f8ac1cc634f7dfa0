package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An unfinished large upload: what the client said about the file when it started, and how long the
 * server keeps its parts. {@code image} is set once it is completed. {@code storageId} is the part
 * store's own name for it (S3's multipart upload id), where the store keeps one. While it is being
 * completed, {@code completingUntil} is when the completing request's lease runs out: past it, the
 * completion is another request's to take over.
 */
public record MultipartUpload(UploadId id, String owner, String filename, Optional<String> contentType,
                              OptionalLong declaredSize, ImageMetadata metadata, long partSize, UploadState state,
                              Optional<ImageId> image, Instant createdAt, Instant expiresAt, Optional<String> storageId,
                              Optional<Instant> completingUntil) {

    /** The image this upload makes: derived from the upload, so a completion taken over makes the same one. */
    public ImageId imageId() {
        return ImageId.derived("multipart-upload\n" + id.value(), createdAt);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
