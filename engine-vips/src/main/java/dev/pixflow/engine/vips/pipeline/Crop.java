package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

/**
 * Trims a COVER variant to its box: around what draws the eye (libvips' attention strategy: edges,
 * skin tones, saturated colour) when the spec asks for a smart crop, around the centre otherwise.
 */
public final class Crop implements VariantStep {
    @Override
    public void apply(RenderContext context, VariantState variant) {
        VipsImage image = variant.image();
        Size box = Fitting.cropped(variant.spec(), new Size(image.width(), image.height()));
        if (box.width() == image.width() && box.height() == image.height()) {
            return;
        }
        String interesting = variant.spec().smartCrop() ? "attention" : "centre";
        variant.replaceImage(image.smartcrop(box.width(), box.height(),
                VipsOptions.none().with("interesting", VipsEnums.value("VipsInteresting", interesting))));
    }
}
