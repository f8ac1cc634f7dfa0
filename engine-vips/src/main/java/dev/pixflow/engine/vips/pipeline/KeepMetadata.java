package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.recipe.MetadataPolicy;

/**
 * With {@code meta:keep}, the EXIF, XMP and (sRGB) profile go out but the GPS position does not:
 * libvips holds the GPS tags as {@code exif-ifd3-*} fields and rebuilds the EXIF block from the
 * fields when saving, so removing them removes the position. {@code meta:strip} (the default) writes
 * no metadata at all, and {@code meta:all} keeps everything.
 */
public final class KeepMetadata implements VariantStep {
    static final String GPS_PREFIX = "exif-ifd3-";

    @Override
    public void apply(RenderContext context, VariantState variant) {
        if (variant.spec().recipe().output().metadataPolicy() == MetadataPolicy.KEEP) {
            variant.replaceImage(variant.image().withoutFields(name -> name.startsWith(GPS_PREFIX)));
        }
    }
}
