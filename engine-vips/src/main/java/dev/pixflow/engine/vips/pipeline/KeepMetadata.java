package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.recipe.MetadataPolicy;
import dev.pixflow.engine.vips.ffm.VipsImage;

import java.util.Optional;

/**
 * With {@code meta:keep} (EXIF, XMP, profile) or {@code meta:all} (also IPTC and the rest), the metadata
 * goes out but the GPS position does not.
 * libvips holds the EXIF GPS tags as {@code exif-ifd3-*} fields and rebuilds the EXIF block from the
 * fields when saving, so removing them removes the position from the EXIF; the XMP packet, which
 * repeats it, goes without its GPS properties ({@link XmpWithoutPosition}). {@code meta:strip} (the
 * default) writes no metadata at all.
 */
public final class KeepMetadata implements VariantStep {
    static final String GPS_PREFIX = "exif-ifd3-";
    static final String XMP = "xmp-data";
    static final String IPTC = "iptc-data";

    @Override
    public void apply(RenderContext context, VariantState variant) {
        if (variant.spec().recipe().output().metadataPolicy() == MetadataPolicy.STRIP) {
            return;
        }
        boolean keepOnly = variant.spec().recipe().output().metadataPolicy() == MetadataPolicy.KEEP;
        Optional<byte[]> xmp = variant.image().blobField(XMP);
        Optional<byte[]> cleaned = xmp.flatMap(XmpWithoutPosition::of);
        variant.replaceImage(variant.image().withoutFields(name -> name.startsWith(GPS_PREFIX)
                || name.equals(XMP) && xmp.isPresent() && cleaned.isEmpty() || keepOnly && name.equals(IPTC)));
        if (cleaned.isPresent() && cleaned.get() != xmp.get()) {
            VipsImage current = variant.image();
            variant.replaceImage(current.withBlobField(XMP, cleaned.get()));
        }
    }
}
