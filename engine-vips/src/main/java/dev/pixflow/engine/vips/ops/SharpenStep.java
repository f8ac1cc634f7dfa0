package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.recipe.Sharpen;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.pipeline.RenderContext;

/** Unsharp masking on lightness (vips_sharpen), brought back to 8-bit sRGB. */
public final class SharpenStep implements OpStep<Sharpen> {
    @Override
    public VipsImage apply(Sharpen op, VipsImage image, Size in, Size out, RenderContext context) {
        try (VipsImage sharp = image.apply("sharpen", VipsOptions.none().with("sigma", op.sigma()))) {
            return sharp.colourspace(VipsEnums.value("VipsInterpretation", "srgb"));
        }
    }
}
