package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsOptions;

/**
 * Scales the shared image to the variant's size: INSIDE fits the box, COVER fills it (a crop step
 * then trims the overflow). The size is computed from the original; "force" makes libvips hit it
 * exactly instead of re-deriving it, off by one pixel, from the already shrunk image.
 */
public final class Resize implements VariantStep {
    @Override
    public void apply(RenderContext context, VariantState variant) {
        Size target = Fitting.scaled(variant.spec(), context.header().width(), context.header().height());
        variant.replaceImage(context.base().thumbnailImage(target.width(), VipsOptions.none()
                .with("height", target.height())
                .with("size", VipsEnums.value("VipsSize", "force"))
                .with("no_rotate", true)));
    }
}
