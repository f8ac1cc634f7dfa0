package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.recipe.Op;

/**
 * Applies one operation of a recipe to a variant and counts it done. The operations themselves live
 * in the {@code ops} package, above this one: the pipeline knows them only through this.
 */
@FunctionalInterface
public interface ApplyOneOp {
    void applyOne(Op op, RenderContext context, VariantState variant);
}
