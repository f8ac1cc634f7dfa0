package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.engine.vips.Rejections;
import dev.pixflow.engine.vips.ffm.VipsException;

/**
 * Decodes the shared image into memory, once, when more than one variant reads it: the image a file
 * thumbnail gives can be read top to bottom a single time. A single variant streams from the file
 * instead, and pays for a copy only if one of its operations needs random access.
 */
public final class ToMemory implements RenderStep {
    @Override
    public void apply(RenderContext context) {
        if (!context.hasBase() || context.stillVariants().size() < 2) {
            return;
        }
        try {
            context.replaceBase(context.base().copyMemory(), false);
        } catch (VipsException e) {
            // This is where the original's pixels are decoded, so this is where bad data shows.
            throw Rejections.corrupt(context.source(), e);
        }
    }
}
