package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadState;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.PartStore;
import dev.pixflow.core.port.StorageQuota;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Starts a multipart upload. What can be refused from the declaration alone (a non-image type, a size
 * over the limit or over what the owner's storage quota has room for) is refused here, before the
 * client sends gigabytes.
 */
public final class StartUpload {
    static final int MAX_FILENAME = 1024;

    public record Request(String filename, Optional<String> contentType, OptionalLong size, ImageMetadata metadata,
                          String owner) {
    }

    private final MultipartUploadStore uploads;
    private final PartStore parts;
    private final MultipartLimits limits;
    private final StorageQuota quota;
    private final Supplier<UploadId> ids;
    private final Clock clock;

    public StartUpload(MultipartUploadStore uploads, PartStore parts, MultipartLimits limits, StorageQuota quota,
                       Supplier<UploadId> ids, Clock clock) {
        this.uploads = uploads;
        this.parts = parts;
        this.limits = limits;
        this.quota = quota;
        this.ids = ids;
        this.clock = clock;
    }

    /** The store's upload is begun before the record: a record always names storage that exists. */
    public MultipartUpload start(Request request) throws IOException {
        String filename = request.filename() == null ? "" : request.filename();
        if (filename.length() > MAX_FILENAME) {
            throw new InvalidInputException("filename", "at most " + MAX_FILENAME + " characters");
        }
        request.contentType().filter(t -> !ImageFormat.saysNothing(t)).ifPresent(StartUpload::requireImageType);
        long partSize = limits.partSize();
        if (request.size().isPresent()) {
            long size = request.size().getAsLong();
            if (size < 1) {
                throw new InvalidInputException("size", "must be a positive number of bytes");
            }
            if (size > limits.maxBytes()) {
                throw new RejectedImageException(Reason.TOO_LARGE, size + " bytes is over the limit of " + limits.maxBytes());
            }
            quota.check(request.owner(), size);
            partSize = limits.partSizeFor(size);
        }
        // Millisecond precision: the store keeps milliseconds, and what is returned must equal what is read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UploadId id = ids.get();
        Optional<String> storageId = parts.begin(id, request.contentType());
        MultipartUpload upload = new MultipartUpload(id, request.owner(), filename, request.contentType(),
                request.size(), request.metadata(), partSize, UploadState.OPEN, Optional.empty(), now,
                now.plus(limits.expiry()), storageId, Optional.empty());
        uploads.create(upload);
        return upload;
    }

    private static void requireImageType(String mediaType) {
        if (ImageFormat.fromMediaType(mediaType).isEmpty()) {
            throw new RejectedImageException(Reason.UNSUPPORTED_FORMAT,
                    "'" + mediaType + "' is not an accepted image type (jpeg, png, webp, gif, tiff, avif, heic)");
        }
    }

}
