package dev.pixflow.core.domain;

/** An upload that Pixflow refuses; nothing of it is kept. The reason decides the HTTP status. */
public class RejectedImageException extends RuntimeException {
    public enum Reason {
        /** No bytes at all. */
        EMPTY,
        /** More bytes than the configured limit. */
        TOO_LARGE,
        /** A format that is not accepted (or a non-image media type). */
        UNSUPPORTED_FORMAT,
        /** The declared media type names another format than the bytes hold. */
        TYPE_MISMATCH,
        /** The bytes are no image any loader knows. */
        NOT_AN_IMAGE,
        /** The header is readable but the pixels are truncated or corrupt. */
        CORRUPT,
        /** Width times height, or frame count, over the configured limit. */
        TOO_MANY_PIXELS,
        /** More than the owner may still store ({@link QuotaExceededException}). */
        OVER_QUOTA
    }

    private final Reason reason;

    public RejectedImageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
