package dev.pixflow.core.usecase;

import dev.pixflow.core.port.StorageQuota;

/**
 * What an upload makes and may be: the variants its first job renders, its size and pixel limits, how
 * long its image lives, and the bytes its owner may keep.
 */
public record UploadPolicy(VariantCatalogue variants, UploadLimits limits, Lifecycle lifecycle, StorageQuota quota) {

    /** Without a storage quota. */
    public UploadPolicy(VariantCatalogue variants, UploadLimits limits, Lifecycle lifecycle) {
        this(variants, limits, lifecycle, StorageQuota.NONE);
    }
}
