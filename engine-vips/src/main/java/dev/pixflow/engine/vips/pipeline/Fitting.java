package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.recipe.RecipeGeometry;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Variant;

import java.util.List;

/**
 * How large to decode the original so that every variant can be made from that one decode: the
 * largest scale any recipe needs ({@link RecipeGeometry#decodeScale}), rounded up to whole pixels,
 * never above the original. A cover thumbnail of a panorama can need a taller image than a large
 * inside variant of it.
 */
final class Fitting {
    private Fitting() {
    }

    static Size sharedBox(List<Variant> variants, Size source) {
        double scale = variants.stream().mapToDouble(v -> RecipeGeometry.decodeScale(v.recipe(), source))
                .max().orElse(1.0);
        return new Size(roundUp(source.width(), scale), roundUp(source.height(), scale));
    }

    /** The epsilon keeps a side that scales to a whole number from rounding up one more. */
    private static int roundUp(int side, double scale) {
        return Math.clamp((long) Math.ceil(side * scale - 1e-9), 1, side);
    }
}
