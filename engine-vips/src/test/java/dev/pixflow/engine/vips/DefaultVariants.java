package dev.pixflow.engine.vips;

import dev.pixflow.core.recipe.Variant;

import java.util.List;

/** The three variants Pixflow makes of every upload by default. */
final class DefaultVariants {
    static final Variant THUMB = Variant.of("thumb", "w:256,h:256,fit:cover,g:smart,q:80");
    static final Variant MEDIUM = Variant.of("medium", "w:1024,h:1024,q:82");
    static final Variant LARGE = Variant.of("large", "w:2048,h:2048,q:85");
    static final List<Variant> ALL = List.of(THUMB, MEDIUM, LARGE);

    private DefaultVariants() {
    }
}
