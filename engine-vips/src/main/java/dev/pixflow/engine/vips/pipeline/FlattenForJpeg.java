package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.domain.ImageFormat;

/**
 * JPEG has no transparency: transparent pixels are blended onto white, the page colour they were most
 * likely drawn for, rather than left to the encoder's black.
 */
public final class FlattenForJpeg implements VariantStep {
    private static final double WHITE = 255;

    @Override
    public void apply(RenderContext context, VariantState variant) {
        if (variant.format() == ImageFormat.JPEG && variant.image().hasAlpha()) {
            variant.replaceImage(variant.image().flatten(WHITE, WHITE, WHITE));
        }
    }
}
