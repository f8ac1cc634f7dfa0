package dev.pixflow.core.usecase;

/** Refusals decided before any pixel is decoded. */
public record UploadLimits(long maxBytes, long maxPixels) {
    public static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
}
