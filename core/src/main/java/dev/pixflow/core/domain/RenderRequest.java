package dev.pixflow.core.domain;

import dev.pixflow.core.recipe.Variant;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One render: every variant made from one decode of {@code original}.
 *
 * @param watermarks local files of the watermark images the recipes name, by their source
 *                   ({@code logo} or an image id)
 * @param outDir     where the outputs are written, as new files
 * @param deadline   when the render must be done by; none: it may take as long as it takes
 */
public record RenderRequest(Path original, List<Variant> variants, boolean sourceHasAlpha,
                            Map<String, Path> watermarks, RenditionLimits limits, Path outDir,
                            Optional<Deadline> deadline) {
    public RenderRequest {
        variants = List.copyOf(variants);
        watermarks = Map.copyOf(watermarks);
    }

    /** A render without a deadline. */
    public RenderRequest(Path original, List<Variant> variants, boolean sourceHasAlpha,
                         Map<String, Path> watermarks, RenditionLimits limits, Path outDir) {
        this(original, variants, sourceHasAlpha, watermarks, limits, outDir, Optional.empty());
    }
}
