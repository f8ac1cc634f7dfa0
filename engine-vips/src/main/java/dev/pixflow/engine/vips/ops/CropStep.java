package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.recipe.Crop;
import dev.pixflow.core.recipe.CropArea;
import dev.pixflow.core.recipe.Gravity;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.pipeline.RenderContext;

/**
 * Keeps a region: a rectangle where the recipe says, or a size or aspect ratio placed by gravity.
 * Smart gravity is libvips' attention strategy (edges, skin tones, saturated colour), entropy keeps
 * the most detailed region. Coordinates are logical and scaled to a shrunk-on-load image.
 */
public final class CropStep implements OpStep<Crop> {
    @Override
    public VipsImage apply(Crop op, VipsImage image, Size in, Size out, RenderContext context) {
        double scale = (double) image.width() / in.width();
        int width = Math.min(image.width(), OpStep.scaled(out.width(), scale));
        int height = Math.min(image.height(), OpStep.scaled(out.height(), scale));
        if (op.area() instanceof CropArea.Rectangle r) {
            int x = Math.min((int) Math.round(Math.min(r.x(), in.width() - 1) * scale), image.width() - width);
            int y = Math.min((int) Math.round(Math.min(r.y(), in.height() - 1) * scale), image.height() - height);
            return image.apply("extract_area", VipsOptions.none(), x, y, width, height);
        }
        return cut(image, width, height, op.gravity());
    }

    @Override
    public boolean needsRandomAccess(Crop op) {
        return op.gravity().looksAtPixels();
    }

    /**
     * A {@code width x height} region of {@code image} placed by {@code gravity}. libvips measures
     * attention on a 32-pixel copy it makes itself, so the image is handed over as it is.
     */
    static VipsImage cut(VipsImage image, int width, int height, Gravity gravity) {
        if (gravity.looksAtPixels()) {
            String strategy = gravity == Gravity.SMART ? "attention" : "entropy";
            return image.smartcrop(width, height,
                    VipsOptions.none().with("interesting", VipsEnums.value("VipsInteresting", strategy)));
        }
        int x = Gravity.place(gravity.horizontal(), image.width(), width);
        int y = Gravity.place(gravity.vertical(), image.height(), height);
        return image.apply("extract_area", VipsOptions.none(), x, y, width, height);
    }
}
