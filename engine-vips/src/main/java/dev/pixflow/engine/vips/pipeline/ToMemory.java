package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.engine.vips.Rejections;
import dev.pixflow.engine.vips.ffm.VipsException;

/**
 * Decodes the shared image into memory, once. The image a file thumbnail gives is sequential: it can
 * be read top to bottom a single time, and every variant needs to read it again.
 */
public final class ToMemory implements RenderStep {
    @Override
    public void apply(RenderContext context) {
        try {
            context.replaceBase(context.base().copyMemory());
        } catch (VipsException e) {
            // This is where the original's pixels are decoded, so this is where bad data shows.
            throw Rejections.corrupt(context.source(), e);
        }
    }
}
