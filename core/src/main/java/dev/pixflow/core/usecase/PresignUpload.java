package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartRejectedException.Reason;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.PartStore;
import dev.pixflow.core.port.PartStore.DirectRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Hands a client presigned requests that send an upload's bytes straight to the store (the bucket),
 * past Pixflow's processes: a part, or a small object whole. Each is bound to the caller's own open
 * upload, to one part number, to its exact size and SHA-256 (a part must give it; an object sent whole
 * may), and to a short lifetime, never past the upload's expiry; the store refuses any other request.
 * Completing the upload then checks what arrived as it checks every upload.
 */
public final class PresignUpload {
    /** S3's largest single PUT. */
    static final long MAX_SINGLE_OBJECT = 5L * 1024 * 1024 * 1024;

    private final MultipartUploadStore uploads;
    private final PartStore parts;
    private final MultipartLimits limits;
    private final Duration lifetime;
    private final UploadLookup lookup;
    private final Clock clock;

    /** @param lifetime how long a presigned request works */
    public PresignUpload(MultipartUploadStore uploads, PartStore parts, MultipartLimits limits, Duration lifetime,
                         Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("a presigned request lives more than nothing and at most 7 days");
        }
        this.uploads = uploads;
        this.parts = parts;
        this.limits = limits;
        this.lifetime = lifetime;
        this.lookup = new UploadLookup(uploads, clock);
        this.clock = clock;
    }

    /** Whether this server hands out presigned requests at all. */
    public boolean available() {
        return parts.takesDirectUploads();
    }

    /** A PUT of part {@code number} of the {@code upload} {@link #open} gave: exactly {@code size} bytes with this SHA-256. */
    public DirectRequest part(MultipartUpload upload, int number, long size, Optional<PartChecksum> sha256) {
        if (number < 1 || number > MultipartLimits.MAX_PARTS) {
            throw new MultipartRejectedException(Reason.INVALID_PART_NUMBER,
                    "part numbers run from 1 to " + MultipartLimits.MAX_PARTS + "; got " + number);
        }
        if (size < 1) {
            throw new InvalidInputException("size", "the part's size in bytes, at least 1");
        }
        if (size > limits.maxPartSize()) {
            throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE,
                    "a part is at most " + limits.maxPartSize() + " bytes; asked for " + size);
        }
        // The store counts nothing until complete: a part that alone is more than the whole may hold is refused here.
        if (size > limits.objectLimit(upload)) {
            throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE, "a part of " + size
                    + " bytes is more than the upload's " + limits.objectLimitName(upload) + " of " + limits.objectLimit(upload) + " bytes");
        }
        PartChecksum checksum = sha256.filter(c -> c.algorithm() == PartChecksum.Algorithm.SHA256).orElseThrow(() ->
                new InvalidInputException("sha256", "the part's SHA-256 (base64): the store checks each part it is sent"));
        return parts.presignPart(upload, number, size, Optional.of(checksum), lifetimeFor(upload));
    }

    /** A PUT of the whole object of the {@code upload} {@link #open} gave: the size it was started with, of its declared type (and this SHA-256). */
    public DirectRequest object(MultipartUpload upload, Optional<PartChecksum> sha256) {
        long size = upload.declaredSize().orElseThrow(() -> new InvalidInputException("size",
                "an upload sent whole must declare its size when it starts"));
        long limit = Math.min(limits.maxBytes(), MAX_SINGLE_OBJECT);
        if (size > limit) {
            throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE, "an object sent whole is at most "
                    + limit + " bytes; send " + size + " in parts");
        }
        return parts.presignObject(upload, size, upload.contentType().orElse("application/octet-stream"), sha256,
                lifetimeFor(upload));
    }

    /**
     * The caller's open upload (404 for an unknown, gone or another owner's one, as everywhere), if presigning
     * is had here (409 otherwise): asked first, so a request is not sent off to correct its body for what this
     * server never does.
     */
    public MultipartUpload open(Caller caller, UploadId id) {
        MultipartUpload upload = lookup.requireOpen(caller, id);
        if (!parts.takesDirectUploads()) {
            throw new MultipartRejectedException(Reason.DIRECT_UPLOADS_UNAVAILABLE,
                    "this server keeps uploads on its own disk: send the parts to Pixflow (PUT .../parts/{n})");
        }
        return upload;
    }

    /** Never past the upload's own expiry: a part sent later would only be reaped. */
    private Duration lifetimeFor(MultipartUpload upload) {
        Instant now = clock.instant();
        Duration left = Duration.between(now, upload.expiresAt());
        Duration chosen = left.compareTo(lifetime) < 0 ? left : lifetime;
        return chosen.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : chosen;
    }
}
