package dev.pixflow.core.domain;

import java.util.OptionalLong;

/** A part or a complete request that breaks S3's multipart rules; the reason decides the HTTP status. */
public class MultipartRejectedException extends RuntimeException {
    public enum Reason {
        /** A part number outside 1..10000. */
        INVALID_PART_NUMBER,
        /** Complete names a part the server does not hold, or with another etag. */
        INVALID_PART,
        /** Complete lists parts out of ascending order, twice, or none. */
        INVALID_PART_ORDER,
        /** A part other than the last is smaller than the minimum part size. */
        PART_TOO_SMALL,
        /** The bytes do not match the checksum the client sent with them. */
        CHECKSUM_MISMATCH,
        /** The parts add up to another size than the one declared when the upload started. */
        SIZE_MISMATCH,
        /** The upload takes no more changes: another request is completing it, or it is completed. */
        UPLOAD_NOT_OPEN,
        /** A part sent without its length, to a store that must know it before the bytes (S3). */
        LENGTH_REQUIRED,
        /** Presigned requests asked of a server whose part store takes no direct uploads (the local disk). */
        DIRECT_UPLOADS_UNAVAILABLE
    }

    private final Reason reason;
    private final OptionalLong retryAfterSeconds;

    public MultipartRejectedException(Reason reason, String message) {
        this(reason, message, OptionalLong.empty());
    }

    /** @param retryAfterSeconds when trying again may succeed (a completion another request holds under a lease) */
    public MultipartRejectedException(Reason reason, String message, OptionalLong retryAfterSeconds) {
        super(message);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() {
        return reason;
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
