package dev.pixflow.engine.vips.ops;

import dev.pixflow.engine.vips.pipeline.ApplyOneOp;
import dev.pixflow.engine.vips.pipeline.Frames;
import dev.pixflow.engine.vips.pipeline.RenderContext;
import dev.pixflow.engine.vips.pipeline.VariantStep;
import dev.pixflow.engine.vips.pipeline.VariantState;
import dev.pixflow.core.recipe.Blur;
import dev.pixflow.core.recipe.Crop;
import dev.pixflow.core.recipe.Flip;
import dev.pixflow.core.recipe.Grayscale;
import dev.pixflow.core.recipe.Op;
import dev.pixflow.core.recipe.RecipeGeometry;
import dev.pixflow.core.recipe.Resize;
import dev.pixflow.core.recipe.Rotate;
import dev.pixflow.core.recipe.Sharpen;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Text;
import dev.pixflow.core.recipe.Watermark;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ops.BlurStep;
import dev.pixflow.engine.vips.ops.CropStep;
import dev.pixflow.engine.vips.ops.FlipStep;
import dev.pixflow.engine.vips.ops.GrayscaleStep;
import dev.pixflow.engine.vips.ops.OpStep;
import dev.pixflow.engine.vips.ops.ResizeStep;
import dev.pixflow.engine.vips.ops.RotateStep;
import dev.pixflow.engine.vips.ops.SharpenStep;
import dev.pixflow.engine.vips.ops.TextStep;
import dev.pixflow.engine.vips.ops.WatermarkStep;

import java.util.List;

/**
 * Runs each variant's recipe, operation by operation, each by its own {@link OpStep}. An animation
 * goes through frame by frame ({@link Frames}), so every frame gets the same resize, crop and text.
 */
public final class ApplyOps implements VariantStep, ApplyOneOp {
    private final ResizeStep resize = new ResizeStep();
    private final CropStep crop = new CropStep();
    private final RotateStep rotate = new RotateStep();
    private final FlipStep flip = new FlipStep();
    private final TextStep text = new TextStep();
    private final WatermarkStep watermark = new WatermarkStep();
    private final BlurStep blur = new BlurStep();
    private final SharpenStep sharpen = new SharpenStep();
    private final GrayscaleStep grayscale = new GrayscaleStep();

    @Override
    public void apply(RenderContext context, VariantState variant) {
        List<Op> ops = variant.spec().recipe().ops();
        for (Op op : ops.subList(variant.opsDone(), ops.size())) {
            context.checkDeadline(op.getClass().getSimpleName() + " of " + variant.spec().name());
            applyOne(op, context, variant);
        }
    }

    /** Applies one operation to the variant's current image and counts it done. */
    @Override
    public void applyOne(Op op, RenderContext context, VariantState variant) {
        switch (op) {
            case Resize r -> run(resize, r, context, variant);
            case Crop c -> run(crop, c, context, variant);
            case Rotate r -> run(rotate, r, context, variant);
            case Flip f -> run(flip, f, context, variant);
            case Text t -> run(text, t, context, variant);
            case Watermark w -> run(watermark, w, context, variant);
            case Blur b -> run(blur, b, context, variant);
            case Sharpen s -> run(sharpen, s, context, variant);
            case Grayscale g -> run(grayscale, g, context, variant);
        }
        variant.opDone();
    }

    private static <T extends Op> void run(OpStep<T> step, T op, RenderContext context, VariantState variant) {
        Size in = variant.logical();
        Size out = RecipeGeometry.after(op, in);
        if (step.needsRandomAccess(op)) {
            variant.ensureRandomAccess();
        }
        VipsImage next = variant.animated()
                ? Frames.map(variant.image(), variant.frames(), frame -> step.applyToFrame(op, frame, in, out, context))
                : step.apply(op, variant.image(), in, out, context);
        variant.replaceImage(next, out);
    }
}
