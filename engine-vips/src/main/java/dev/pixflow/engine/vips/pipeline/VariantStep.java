package dev.pixflow.engine.vips.pipeline;

/** A step done to each variant on its own, after the shared source image is ready. */
public interface VariantStep extends RenderStep {

    void apply(RenderContext context, VariantState variant);

    @Override
    default void apply(RenderContext context) {
        for (VariantState variant : context.variants()) {
            context.checkDeadline(getClass().getSimpleName() + " of " + variant.spec().name());
            apply(context, variant);
        }
    }
}
