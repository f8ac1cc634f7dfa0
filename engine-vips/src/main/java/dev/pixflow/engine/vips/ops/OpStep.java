package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.recipe.Op;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.pipeline.RenderContext;

/**
 * How the engine does one kind of recipe operation, on one still image (for an animation, on each
 * frame in turn).
 *
 * @param <T> the operation
 */
public interface OpStep<T extends Op> {

    /**
     * A new image: {@code image} with {@code op} applied. {@code in} and {@code out} are the logical
     * sizes before and after (from the recipe's geometry); {@code image} may be smaller than
     * {@code in} by a shrink-on-load factor, and the result should keep that factor.
     */
    VipsImage apply(T op, VipsImage image, Size in, Size out, RenderContext context);

    /**
     * {@link #apply} on one frame of an animation. Every frame's result lives until the encoder has
     * pulled them all, so a step that holds pixels in memory for a still image stays lazy here.
     */
    default VipsImage applyToFrame(T op, VipsImage frame, Size in, Size out, RenderContext context) {
        return apply(op, frame, in, out, context);
    }

    /** True when the step reads its input out of order or more than once. */
    default boolean needsRandomAccess(T op) {
        return false;
    }

    /** Scales a logical length to the image's pixels. */
    static int scaled(int logical, double scale) {
        return Math.max(1, (int) Math.round(logical * scale));
    }

    /** Drops an alpha band that an overlay added to an image that had none. */
    static VipsImage withBands(VipsImage image, int bands) {
        if (image.bands() == bands) {
            return image.share();
        }
        return image.apply("extract_band", dev.pixflow.engine.vips.ffm.VipsOptions.none().with("n", bands), 0);
    }
}
