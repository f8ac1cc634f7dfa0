package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.domain.Fit;
import dev.pixflow.core.recipe.Gravity;
import dev.pixflow.core.recipe.RecipeGeometry;
import dev.pixflow.core.recipe.Resize;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.pipeline.RenderContext;

/**
 * Scales to the size the recipe's geometry gives, computed from the original's size: "force" makes
 * libvips hit it exactly instead of re-deriving it, off by a pixel, from a shrunk-on-load copy. A
 * cover fit is then cut to its box around its gravity (attention or entropy look at the pixels).
 */
public final class ResizeStep implements OpStep<Resize> {
    @Override
    public VipsImage apply(Resize op, VipsImage image, Size in, Size out, RenderContext context) {
        Size target = RecipeGeometry.scaled(op, in);
        VipsImage scaled = image.thumbnailImage(target.width(), VipsOptions.none()
                .with("height", target.height())
                .with("size", VipsEnums.value("VipsSize", "force"))
                .with("no_rotate", true));
        if (op.fit() != Fit.COVER || (out.width() == target.width() && out.height() == target.height())) {
            return scaled;
        }
        try (scaled) {
            return CropStep.cut(scaled, out.width(), out.height(), op.gravity());
        }
    }

    @Override
    public boolean needsRandomAccess(Resize op) {
        return op.fit() == Fit.COVER && op.gravity().looksAtPixels();
    }

    static boolean smart(Gravity g) {
        return g.looksAtPixels();
    }
}
