package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.FormatNegotiation;
import dev.pixflow.core.recipe.OutputFormat;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Size;

import java.util.Optional;

/**
 * {@code f:auto} decided by an Accept header, for a transformation URL and a rendition asked for alike:
 * the format {@link FormatNegotiation} chooses, except an AVIF the encoder would take too long over,
 * where the client gets what it takes next.
 */
final class AutoFormat {
    private AutoFormat() {
    }

    static Recipe resolve(Recipe recipe, ImageRecord image, Optional<String> accept, RenditionLimits limits) {
        if (recipe.output().format() != OutputFormat.AUTO) {
            return recipe;
        }
        String header = accept.orElse(null);
        Recipe chosen = as(recipe, FormatNegotiation.chooseFor(header, image.format(), image.hasAlpha()));
        if (chosen.output().format() == OutputFormat.AVIF && !limits.avifInTime(chosen, new Size(image.width(), image.height()))) {
            return as(recipe, FormatNegotiation.chooseForWithoutAvif(header, image.format(), image.hasAlpha()));
        }
        return chosen;
    }

    private static Recipe as(Recipe recipe, ImageFormat format) {
        return recipe.with(recipe.output().chosen(OutputFormat.valueOf(format.name())));
    }
}
