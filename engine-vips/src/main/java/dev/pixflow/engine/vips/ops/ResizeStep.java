package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.media.Fit;
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
        return resize(op, image, in, out, true);
    }

    @Override
    public VipsImage applyToFrame(Resize op, VipsImage frame, Size in, Size out, RenderContext context) {
        return resize(op, frame, in, out, false);
    }

    private static VipsImage resize(Resize op, VipsImage image, Size in, Size out, boolean holdScaled) {
        Size target = RecipeGeometry.scaled(op, in);
        // A decode shrunk on load to exactly the target (a thumbnail's usual case) needs no second pass.
        VipsImage scaled = image.width() == target.width() && image.height() == target.height()
                ? image.share()
                : scale(image, target);
        if (op.fit() != Fit.COVER || (out.width() == target.width() && out.height() == target.height())) {
            return scaled;
        }
        try (scaled) {
            if (!holdScaled || !op.gravity().looksAtPixels()) {
                return CropStep.cut(scaled, out.width(), out.height(), op.gravity());
            }
            // The scaled pixels are read twice, to place the cut and to encode it: made once, in
            // memory (the cover box: the output, longer on one side when the aspect ratios differ),
            // rather than scaled again for each read.
            try (VipsImage held = scaled.copyMemory()) {
                return CropStep.cut(held, out.width(), out.height(), op.gravity());
            }
        }
    }

    /**
     * Scales to exactly {@code target}: a box filter for the whole factors down to about the target,
     * then Lanczos 3 for the rest (vips_resize with a reducing gap of 1; sharp keeps libvips' default
     * of 2, which leaves Lanczos a larger factor: the two measured the same speed on work A).
     * Transparent pixels are premultiplied first, so their colour does not bleed into the edges.
     */
    static VipsImage scale(VipsImage image, Size target) {
        VipsOptions options = VipsOptions.none()
                .with("vscale", (double) target.height() / image.height())
                .with("gap", 1.0)
                .with("kernel", VipsEnums.value("VipsKernel", "lanczos3"));
        double hscale = (double) target.width() / image.width();
        if (!image.hasAlpha()) {
            return image.apply("resize", options, hscale);
        }
        int format = image.bandFormat();
        try (VipsImage pre = image.apply("premultiply", VipsOptions.none());
             VipsImage resized = pre.apply("resize", options, hscale);
             VipsImage un = resized.apply("unpremultiply", VipsOptions.none())) {
            return un.cast(format);
        }
    }
}
