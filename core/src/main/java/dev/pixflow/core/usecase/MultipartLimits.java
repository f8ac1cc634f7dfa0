package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.MultipartUpload;

import java.time.Duration;

/**
 * S3's multipart rules, with the sizes configurable so tests can use small parts.
 *
 * @param partSize    the part size suggested to clients (raised for big files so they fit in {@link #MAX_PARTS})
 * @param minPartSize every part but the last must be at least this big
 * @param maxPartSize no part may be bigger
 * @param maxBytes    the whole object's limit
 * @param expiry      how long an unfinished upload keeps its parts
 */
public record MultipartLimits(long partSize, long minPartSize, long maxPartSize, long maxBytes, Duration expiry) {
    public static final int MAX_PARTS = 10_000;
    private static final long MIB = 1024 * 1024;

    public MultipartLimits {
        if (minPartSize < 1 || partSize < minPartSize || maxPartSize < partSize || maxBytes < 1) {
            throw new IllegalArgumentException("multipart sizes must satisfy 1 <= min-part-size <= part-size <= max-part-size");
        }
    }

    public static MultipartLimits s3Defaults() {
        return new MultipartLimits(8 * MIB, 5 * MIB, 5 * 1024 * MIB, 5 * 1024 * MIB, Duration.ofHours(24));
    }

    /** The configured part size, or more (whole MiB) when the declared size would need over 10,000 parts. */
    long partSizeFor(long declaredSize) {
        long needed = Math.ceilDiv(declaredSize, MAX_PARTS);
        long rounded = needed <= partSize ? partSize : Math.ceilDiv(needed, MIB) * MIB;
        return Math.min(rounded, maxPartSize);
    }

    /** What the parts of {@code upload} may hold together: the size declared at its start where one was, within the limit. */
    public long objectLimit(MultipartUpload upload) {
        return Math.min(maxBytes, upload.declaredSize().orElse(Long.MAX_VALUE));
    }

    /** How {@link #objectLimit} is said in a refusal. */
    public String objectLimitName(MultipartUpload upload) {
        return upload.declaredSize().isPresent() && upload.declaredSize().getAsLong() < maxBytes
                ? "size declared at its start" : "upload limit";
    }
}
