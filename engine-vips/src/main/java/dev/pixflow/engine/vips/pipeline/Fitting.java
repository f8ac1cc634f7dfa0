package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.domain.Fit;
import dev.pixflow.core.domain.VariantSpec;

import java.util.List;

/**
 * The geometry of a variant, computed from the displayed size of the original (never from an
 * intermediate image), so a variant's size does not depend on how the source was shrunk on load.
 */
final class Fitting {
    private Fitting() {
    }

    /** The scale the spec needs from the original: at most 1, as variants never enlarge. */
    static double scale(VariantSpec spec, int sourceWidth, int sourceHeight) {
        double horizontal = (double) spec.width() / sourceWidth;
        double vertical = (double) spec.height() / sourceHeight;
        double scale = spec.fit() == Fit.COVER ? Math.max(horizontal, vertical) : Math.min(horizontal, vertical);
        return Math.min(1.0, scale);
    }

    /** The size after scaling, before any crop: COVER fills the box, INSIDE fits in it. */
    static Size scaled(VariantSpec spec, int sourceWidth, int sourceHeight) {
        double scale = scale(spec, sourceWidth, sourceHeight);
        return new Size(atLeastOne(Math.round(sourceWidth * scale)), atLeastOne(Math.round(sourceHeight * scale)));
    }

    /** The final size: COVER is cropped to the box (or to the image, when it is smaller than the box). */
    static Size cropped(VariantSpec spec, Size scaled) {
        if (spec.fit() != Fit.COVER) {
            return scaled;
        }
        return new Size(Math.min(spec.width(), scaled.width()), Math.min(spec.height(), scaled.height()));
    }

    /**
     * The box to decode the original into so that every variant can be made from it without
     * enlarging: the largest scale any spec needs, rounded up to whole pixels, never above the
     * original. COVER needs the larger of its two scales, so a thumbnail of a panorama can need a
     * taller image than a large INSIDE variant of it.
     */
    static Size sharedBox(List<VariantSpec> specs, int sourceWidth, int sourceHeight) {
        double scale = specs.stream().mapToDouble(spec -> scale(spec, sourceWidth, sourceHeight)).max().orElse(1.0);
        return new Size(roundUp(sourceWidth, scale), roundUp(sourceHeight, scale));
    }

    /** The epsilon keeps a side that scales to a whole number from rounding up one more. */
    private static int roundUp(int side, double scale) {
        return Math.clamp((long) Math.ceil(side * scale - 1e-9), 1, side);
    }

    private static int atLeastOne(long pixels) {
        return (int) Math.max(1, pixels);
    }
}
