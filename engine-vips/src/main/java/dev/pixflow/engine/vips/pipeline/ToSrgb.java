package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;

/**
 * Brings the shared image to 8-bit sRGB: grey sources become three-band, 16-bit ones 8-bit, so every
 * operation and encoder gets the same kind of pixels and browsers show the colours intended.
 */
public final class ToSrgb implements RenderStep {
    @Override
    public void apply(RenderContext context) {
        if (context.hasBase()) {
            context.replaceBase(toSrgb(context.base()));
        }
    }

    /** A new reference: the image itself when it is 8-bit sRGB already. */
    static VipsImage toSrgb(VipsImage image) {
        int srgb = VipsEnums.value("VipsInterpretation", "srgb");
        int uchar = VipsEnums.value("VipsBandFormat", "uchar");
        VipsImage current = image.share();
        if (current.interpretation() != srgb) {
            try (VipsImage previous = current) {
                current = previous.colourspace(srgb);
            }
        }
        if (current.bandFormat() != uchar) {
            try (VipsImage previous = current) {
                current = previous.cast(uchar);
            }
        }
        return current;
    }
}
