package dev.pixflow.core.domain;

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
        UPLOAD_NOT_OPEN
    }

    private final Reason reason;

    public MultipartRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
