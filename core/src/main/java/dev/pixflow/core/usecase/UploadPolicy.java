package dev.pixflow.core.usecase;

/**
 * What an upload makes and may be: the variants its first job renders, its size and pixel limits, and
 * how long its image lives.
 */
public record UploadPolicy(VariantCatalogue variants, UploadLimits limits, Lifecycle lifecycle) {
}
