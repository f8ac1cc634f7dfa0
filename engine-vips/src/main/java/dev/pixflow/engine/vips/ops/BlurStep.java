package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.recipe.Blur;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.pipeline.RenderContext;

/** Gaussian blur; sigma in the image's own pixels. */
public final class BlurStep implements OpStep<Blur> {
    @Override
    public VipsImage apply(Blur op, VipsImage image, Size in, Size out, RenderContext context) {
        return image.apply("gaussblur", VipsOptions.none(), op.sigma());
    }
}
