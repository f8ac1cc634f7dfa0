package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.recipe.Grayscale;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.pipeline.RenderContext;

/**
 * To grey and back to three-band sRGB, so later steps and encoders see the same kind of pixels as
 * always; the alpha band is kept.
 */
public final class GrayscaleStep implements OpStep<Grayscale> {
    @Override
    public VipsImage apply(Grayscale op, VipsImage image, Size in, Size out, RenderContext context) {
        try (VipsImage grey = image.colourspace(VipsEnums.value("VipsInterpretation", "b-w"))) {
            return grey.colourspace(VipsEnums.value("VipsInterpretation", "srgb"));
        }
    }
}
