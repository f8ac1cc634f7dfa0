package dev.pixflow.core.domain;

import dev.pixflow.core.recipe.Variant;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One render: every variant made from one decode of {@code original}.
 *
 * @param watermarks local files of the watermark images the recipes name, by their source
 *                   ({@code logo} or an image id)
 * @param outDir     where the outputs are written, as new files
 */
public record RenderRequest(Path original, List<Variant> variants, boolean sourceHasAlpha,
                            Map<String, Path> watermarks, RenditionLimits limits, Path outDir) {
    public RenderRequest {
        variants = List.copyOf(variants);
        watermarks = Map.copyOf(watermarks);
    }
}
