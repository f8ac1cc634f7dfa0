package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.engine.vips.ffm.VipsEnums;

/**
 * Brings the shared image to 8-bit sRGB: grey sources become three-band, 16-bit ones 8-bit, so every
 * encoder gets the same kind of pixels and browsers show the colours intended.
 */
public final class ToSrgb implements RenderStep {
    @Override
    public void apply(RenderContext context) {
        int srgb = VipsEnums.value("VipsInterpretation", "srgb");
        int uchar = VipsEnums.value("VipsBandFormat", "uchar");
        if (context.base().interpretation() != srgb) {
            context.replaceBase(context.base().colourspace(srgb));
        }
        if (context.base().bandFormat() != uchar) {
            context.replaceBase(context.base().cast(uchar));
        }
    }
}
