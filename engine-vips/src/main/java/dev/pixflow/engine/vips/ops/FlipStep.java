package dev.pixflow.engine.vips.ops;

import dev.pixflow.core.recipe.Flip;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;
import dev.pixflow.engine.vips.pipeline.RenderContext;

/** Mirrors left-right, top-bottom, or both. */
public final class FlipStep implements OpStep<Flip> {
    @Override
    public VipsImage apply(Flip op, VipsImage image, Size in, Size out, RenderContext context) {
        VipsImage current = image.share();
        if (op.horizontal()) {
            try (VipsImage previous = current) {
                current = previous.apply("flip", VipsOptions.none(), VipsEnums.value("VipsDirection", "horizontal"));
            }
        }
        if (op.vertical()) {
            try (VipsImage previous = current) {
                current = previous.apply("flip", VipsOptions.none(), VipsEnums.value("VipsDirection", "vertical"));
            }
        }
        return current;
    }

    @Override
    public boolean needsRandomAccess(Flip op) {
        return op.vertical();
    }
}
