package dev.pixflow.engine.vips.pipeline;

/**
 * One stage of a render. A pipeline runs its steps in order over one {@link RenderContext}; a new
 * feature (crop, rotate, text, watermark) is a new step, not a change to the others.
 */
public interface RenderStep {
    void apply(RenderContext context);
}
