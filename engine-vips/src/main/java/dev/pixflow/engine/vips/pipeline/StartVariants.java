package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.media.Fit;
import dev.pixflow.core.recipe.Op;
import dev.pixflow.core.recipe.RecipeGeometry;
import dev.pixflow.core.recipe.Resize;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.engine.vips.source.Rejections;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsException;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Gives each variant its starting image. A variant that keeps an animation gets all frames of the
 * original as a vertical strip (libvips' layout, with {@code page-height}), loaded at full size as
 * GIF and WebP have no shrink-on-load.
 *
 * <p>Still variants start from the shared decode, or, when a larger variant was already scaled
 * down to at least the size they need, from that variant's scaled image: a medium made from the
 * shared decode serves as the source of the thumbnail, so the thumbnail shrinks 1024 pixels rather
 * than 2048. The scaled image then stands for the original, like a shrink-on-load decode does, so
 * every variant's geometry is still computed from the original and comes out the same. A variant
 * gives its image to others only when its recipe begins with an evenly scaling resize (inside or
 * outside), and that image is copied to memory, as several read it.
 */
public final class StartVariants implements RenderStep {
    private final ApplyOneOp ops;

    public StartVariants(ApplyOneOp ops) {
        this.ops = ops;
    }

    private record Donor(VipsImage image, double scale) {
    }

    @Override
    public void apply(RenderContext context) {
        for (VariantState variant : context.variants()) {
            if (variant.animated()) {
                startAnimation(context, variant);
            }
        }
        Size source = context.sourceSize();
        List<VariantState> still = new ArrayList<>(context.stillVariants());
        still.sort(Comparator.comparingDouble((VariantState v) -> need(v, source)).reversed());
        // Plan first: the shared decode is copied to memory only when more than one variant reads it.
        List<Double> donorScales = new ArrayList<>();
        List<Boolean> fromBase = new ArrayList<>();
        List<Boolean> donates = new ArrayList<>();
        for (int i = 0; i < still.size(); i++) {
            double need = need(still.get(i), source);
            fromBase.add(donorScales.stream().noneMatch(scale -> scale >= need));
            boolean smallerFollow = still.subList(i + 1, still.size()).stream().anyMatch(v -> need(v, source) < need);
            donates.add(smallerFollow && givesEvenScale(still.get(i)));
            if (donates.getLast()) {
                donorScales.add(need);
            }
        }
        if (fromBase.stream().filter(b -> b).count() > 1) {
            try {
                context.replaceBase(context.base().copyMemory(), false);
            } catch (VipsException e) {
                // This is where the original's pixels are decoded, so this is where bad data shows.
                throw Rejections.corrupt(context.source(), e);
            }
        }
        List<Donor> donors = new ArrayList<>();
        for (int i = 0; i < still.size(); i++) {
            VariantState variant = still.get(i);
            double need = need(variant, source);
            Donor from = fromBase.get(i) ? null : donors.stream().filter(d -> d.scale() >= need)
                    .min(Comparator.comparingDouble(Donor::scale)).orElseThrow();
            if (from == null) {
                variant.start(context.base().share(), source, context.baseSequential(), 1);
            } else {
                variant.start(from.image().share(), source, false, 1);
            }
            if (donates.get(i)) {
                ops.applyOne(variant.spec().recipe().ops().getFirst(), context, variant);
                try {
                    variant.replaceImage(variant.image().copyMemory());
                } catch (VipsException e) {
                    throw Rejections.corrupt(context.source(), e);
                }
                donors.add(new Donor(variant.image(), Math.max(need,
                        (double) variant.image().width() / source.width())));
            }
        }
    }

    private static double need(VariantState variant, Size source) {
        return RecipeGeometry.decodeScale(variant.spec().recipe(), source);
    }

    private static boolean givesEvenScale(VariantState variant) {
        List<Op> recipe = variant.spec().recipe().ops();
        return !recipe.isEmpty() && recipe.getFirst() instanceof Resize r && !r.enlarge()
                && (r.fit() == Fit.INSIDE || r.fit() == Fit.OUTSIDE);
    }

    private static void startAnimation(RenderContext context, VariantState variant) {
        int frames = context.header().pages();
        try (VipsImage all = VipsImage.load(context.header().loader(), context.source(), VipsOptions.none().with("n", -1)
                .with("fail_on", VipsEnums.value("VipsFailOn", "truncated")))) {
            variant.start(ToSrgb.toSrgb(context.watched(all)), context.sourceSize(), false, frames);
        } catch (VipsException e) {
            throw Rejections.corrupt(context.source(), e);
        }
    }
}
