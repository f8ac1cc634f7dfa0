package dev.pixflow.engine.vips;

import dev.pixflow.core.domain.Fit;
import dev.pixflow.core.domain.VariantSpec;

import java.util.List;

/** The three variants Pixflow makes of every upload by default. */
final class DefaultVariants {
    static final VariantSpec THUMB = new VariantSpec("thumb", 256, 256, Fit.COVER, true, 80);
    static final VariantSpec MEDIUM = new VariantSpec("medium", 1024, 1024, Fit.INSIDE, false, 82);
    static final VariantSpec LARGE = new VariantSpec("large", 2048, 2048, Fit.INSIDE, false, 85);
    static final List<VariantSpec> ALL = List.of(THUMB, MEDIUM, LARGE);

    private DefaultVariants() {
    }
}
