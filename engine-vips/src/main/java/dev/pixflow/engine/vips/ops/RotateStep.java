package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.recipe.Colour;
import dev.pixflow.core.recipe.Rotate;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.pipeline.RenderContext;

/**
 * Turns clockwise. Quarter turns move pixels exactly (vips_rot); other angles resample (vips_rotate)
 * onto a canvas that holds the whole turned image, its new corners filled with the background, or
 * transparent when the recipe gives none (an alpha band is added for that).
 */
public final class RotateStep implements OpStep<Rotate> {
    @Override
    public VipsImage apply(Rotate op, VipsImage image, Size in, Size out, RenderContext context) {
        if (op.quarterTurn()) {
            String angle = "d" + (int) op.angle();
            return image.apply("rot", VipsOptions.none(), VipsEnums.value("VipsAngle", angle));
        }
        Colour bg = op.background();
        boolean addAlpha = !image.hasAlpha() && (bg == null || !bg.opaque());
        try (VipsImage withAlpha = addAlpha ? image.apply("bandjoin_const1", VipsOptions.none(), 255.0) : image.share()) {
            double[] fill = bg == null ? new double[]{0, 0, 0, 0}
                    : new double[]{bg.red(), bg.green(), bg.blue(), bg.alpha()};
            double[] background = withAlpha.hasAlpha() ? fill : new double[]{fill[0], fill[1], fill[2]};
            try (VipsImage turned = withAlpha.rotate(op.angle(), background)) {
                double scale = (double) image.width() / in.width();
                int width = OpStep.scaled(out.width(), scale);
                int height = OpStep.scaled(out.height(), scale);
                if (turned.width() == width && turned.height() == height) {
                    return turned.share();
                }
                // The affine's bounding box can differ from the geometry's by a pixel: centre it.
                try (VipsImage framed = turned.embed((width - turned.width()) / 2, (height - turned.height()) / 2,
                        Math.max(width, turned.width()), Math.max(height, turned.height()), background)) {
                    return framed.apply("extract_area", VipsOptions.none(), 0, 0, width, height);
                }
            }
        }
    }

    @Override
    public boolean needsRandomAccess(Rotate op) {
        return true;
    }
}
