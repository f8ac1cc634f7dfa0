package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.Rejections;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsException;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

/**
 * Gives each variant its starting image: the shared decode for still variants; for a variant that
 * keeps an animation, all frames of the original as a vertical strip (libvips' layout, with
 * {@code page-height}), loaded at full size as GIF and WebP have no shrink-on-load.
 */
public final class StartVariants implements VariantStep {
    @Override
    public void apply(RenderContext context, VariantState variant) {
        if (!variant.animated()) {
            variant.start(context.base().share(), context.sourceSize(), context.baseSequential(), 1);
            return;
        }
        int frames = context.header().pages();
        try (VipsImage all = VipsImage.open(context.source(), VipsOptions.none().with("n", -1)
                .with("fail_on", VipsEnums.value("VipsFailOn", "truncated")))) {
            variant.start(ToSrgb.toSrgb(all), context.sourceSize(), false, frames);
        } catch (VipsException e) {
            throw Rejections.corrupt(context.source(), e);
        }
    }
}
