package dev.pixflow.engine.vips;

import dev.pixflow.engine.vips.pipeline.StartVariants;
import dev.pixflow.engine.vips.pipeline.Flatten;
import dev.pixflow.engine.vips.pipeline.LoadShared;
import dev.pixflow.engine.vips.pipeline.RenderContext;
import dev.pixflow.engine.vips.pipeline.ToSrgb;
import dev.pixflow.engine.vips.pipeline.RenderStep;
import dev.pixflow.engine.vips.pipeline.Encode;
import dev.pixflow.engine.vips.pipeline.KeepMetadata;
import dev.pixflow.engine.vips.ops.ApplyOps;
import java.util.List;

/** An ordered list of steps: what a render does, one concern a step. */
public record RenderPipeline(List<RenderStep> steps) {

    public RenderPipeline {
        steps = List.copyOf(steps);
    }

    /**
     * Decode once for the still variants (shrunk on load, upright, sRGB), start each variant (from
     * the decode, in memory when several read it, or from a larger variant's scaled image), then per variant: its recipe's operations, flatten for JPEG,
     * metadata, encode.
     */
    public static RenderPipeline standard() {
        ApplyOps ops = new ApplyOps();
        return new RenderPipeline(List.of(
                new LoadShared(), new ToSrgb(), new StartVariants(ops),
                ops, new Flatten(), new KeepMetadata(), new Encode()));
    }

    /** Runs the steps in order, each only while the render's deadline has not passed. */
    public void run(RenderContext context) {
        for (RenderStep step : steps) {
            context.checkDeadline(step.getClass().getSimpleName());
            step.apply(context);
        }
    }
}
