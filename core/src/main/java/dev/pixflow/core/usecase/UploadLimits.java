package dev.pixflow.core.usecase;

/** Refusals decided before any pixel is decoded. */
public record UploadLimits(long maxBytes, long maxPixels, int maxFrames) {
    public static UploadLimits defaults() {
        return new UploadLimits(100L * 1024 * 1024, 100_000_000L, 300);
    }
}
