package dev.pixflow.engine.vips.pipeline;

import java.util.List;

/** An ordered list of steps: what a render does, one concern a step. */
public record RenderPipeline(List<RenderStep> steps) {

    public RenderPipeline {
        steps = List.copyOf(steps);
    }

    /**
     * Decode once (shrunk on load, upright, sRGB, into memory), then per variant: resize, crop,
     * flatten for JPEG, encode.
     */
    public static RenderPipeline standard() {
        return new RenderPipeline(List.of(
                new LoadShrunk(), new ToSrgb(), new ToMemory(),
                new Resize(), new Crop(), new FlattenForJpeg(), new Encode()));
    }

    public void run(RenderContext context) {
        for (RenderStep step : steps) {
            step.apply(context);
        }
    }
}
