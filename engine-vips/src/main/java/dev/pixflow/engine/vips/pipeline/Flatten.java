package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.Colour;

/**
 * JPEG has no transparency: transparent pixels are blended onto the recipe's background, white
 * unless it says otherwise (the page colour they were most likely drawn for), rather than left to
 * the encoder's black.
 */
public final class Flatten implements VariantStep {
    @Override
    public void apply(RenderContext context, VariantState variant) {
        if (variant.format() == ImageFormat.JPEG && variant.image().hasAlpha()) {
            Colour bg = variant.spec().recipe().output().flattenBackground();
            variant.replaceImage(variant.image().flatten(bg.red(), bg.green(), bg.blue()));
        }
    }
}
