package dev.pixflow.core.domain;

import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.recipe.Op;
import dev.pixflow.core.recipe.Output;
import dev.pixflow.core.recipe.OutputFormat;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.RecipeGeometry;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Text;

/**
 * What a render may take and make, checked before any pixel is decoded.
 *
 * @param maxInputPixels width x height of a source (and of a watermark image); an animated output
 *                       whose frames together would hold more keeps its first frame only
 * @param maxFrames      frames of an animation kept through a render; a longer one keeps its first
 *                       frame only, and the rendition says so
 * @param maxOutputSide  largest width or height of an output (whose pixels a new request also holds to
 *                       {@code maxInputPixels})
 */
public record RenditionLimits(long maxInputPixels, int maxFrames, int maxOutputSide) {
    public static final RenditionLimits DEFAULTS = new RenditionLimits(100_000_000L, 300, 16_384);

    public RenditionLimits {
        if (maxInputPixels < 1 || maxFrames < 1 || maxOutputSide < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * The frames an {@code output}-sized image in {@code format} keeps of a source of
     * {@code sourcePages}: all of an animation, where the format animates, the animation is within
     * {@code maxFrames} and its frames together within {@code maxInputPixels} (an enlarged GIF of many
     * frames would otherwise hold a render slot until its deadline); else the first.
     */
    public int framesKept(int sourcePages, ImageFormat format, Size output) {
        boolean keepsAll = sourcePages > 1 && Output.animates(format) && sourcePages <= maxFrames
                && output.pixels() * sourcePages <= maxInputPixels;
        return keepsAll ? sourcePages : 1;
    }

    /**
     * {@link #checkOutput}, and what a recipe asked for now must not hold: text that draws nothing
     * (every render of it fails), a crop that starts outside the image (it makes a pixel at the edge),
     * and a step of more pixels than a source may have. Recipes stored or configured before these
     * checks are rendered as they are.
     */
    public Size checkRequest(Recipe recipe, Size source) {
        for (Op op : recipe.ops()) {
            if (op instanceof Text t && !t.draws()) {
                throw new InvalidInputException("text", "draws nothing: it holds only spaces and characters without a glyph");
            }
            if (op instanceof Text t && t.emoji().isEmpty() && t.undrawnScript().isPresent()) {
                int c = t.undrawnScript().getAsInt();
                throw new InvalidInputException("text", "the fonts (DejaVu) have no glyphs for " + Character.UnicodeScript.of(c)
                        .name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " script: "
                        + Character.toString(c) + " (U+%04X) would be drawn as a box".formatted(c));
            }
            if (op instanceof Text t && t.emoji().isPresent()) {
                int c = t.emoji().getAsInt();
                throw new InvalidInputException("text", "emoji are not drawn (the fonts have no glyphs for them): "
                        + Character.toString(c) + " (U+%04X)".formatted(c));
            }
        }
        RecipeGeometry.cropOutside(recipe, source).ifPresent(why -> {
            throw new InvalidInputException("crop", why);
        });
        Size output = checkOutput(recipe, source);
        if (recipe.output().format() == OutputFormat.AVIF) {
            AvifEncodeTime.check(recipe.output(), output);
        }
        for (Size step : RecipeGeometry.steps(recipe, source)) {
            // As many as a source may have: an enlargement to 16384 px a side would hold 268 MP, a gigabyte.
            if (step.pixels() > maxInputPixels) {
                throw new RejectedImageException(Reason.TOO_MANY_PIXELS,
                        "the recipe makes a %dx%d image (%d pixels) from %dx%d; the limit is %d pixels"
                                .formatted(step.width(), step.height(), step.pixels(), source.width(), source.height(), maxInputPixels));
            }
        }
        return output;
    }

    /**
     * Whether an AVIF of {@code recipe} on {@code source} is made in time ({@link AvifEncodeTime}): where
     * {@code f:auto} would choose AVIF, a client gets its next format rather than a refusal it never asked
     * for. True for a recipe whose output cannot be worked out: its own check says what is wrong.
     */
    public boolean avifInTime(Recipe recipe, Size source) {
        try {
            return AvifEncodeTime.inTime(recipe.output(), RecipeGeometry.output(recipe, source));
        } catch (RuntimeException unworkable) {
            return true;
        }
    }

    /** Refuses (422) a recipe whose output would be larger than allowed. */
    public Size checkOutput(Recipe recipe, Size source) {
        if (source.pixels() > maxInputPixels) {
            throw new RejectedImageException(Reason.TOO_MANY_PIXELS, "%dx%d is %d pixels, over the limit of %d"
                    .formatted(source.width(), source.height(), source.pixels(), maxInputPixels));
        }
        for (Size step : RecipeGeometry.steps(recipe, source)) {
            if (step.width() > maxOutputSide || step.height() > maxOutputSide) {
                throw new RejectedImageException(Reason.TOO_MANY_PIXELS,
                        "the recipe makes a %dx%d image from %dx%d; the limit is %d pixels a side"
                                .formatted(step.width(), step.height(), source.width(), source.height(), maxOutputSide));
            }
        }
        return RecipeGeometry.output(recipe, source);
    }
}
